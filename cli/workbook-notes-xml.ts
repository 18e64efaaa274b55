/**
 * The legacy notes of the plan sheet, in its comments part and the VML drawing Excel shows them
 * with. Sync adds and removes only the notes it marks cells with (and puts back an officer's note
 * it had set aside); every other note, and the threaded comments Excel keeps beside its own
 * placeholder notes, stay as written, moving up only when rows above them are removed.
 */
import { CONTENT_TYPE, REL, type WorkbookPackage } from './workbook-package.js';
import { shiftRange } from './workbook-sheet-xml.js';
import { attr, elements, escapeXml, openingTag, parseAddress, setAttr } from './workbook-xml.js';

const THREADED_COMMENTS = 'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment';
const AUTHOR = 'plans sync';

export interface NoteChange {
  row: number;
  column: number;
  /** The note's new text; null removes it. */
  text: string | null;
}

/**
 * Moves notes and threaded comments with removed rows and applies the changes; returns the sheet's
 * tail with a `<legacyDrawing>` added when the sheet had no notes before.
 */
export function editNotes(
  pkg: WorkbookPackage,
  sheetPart: string,
  tail: string,
  moved: ((row: number) => number | null) | null,
  changes: readonly NoteChange[],
): string {
  const rels = pkg.relationships(sheetPart);
  let commentsPart = rels.find((r) => r.type === REL.comments)?.part ?? null;
  const legacyId = attr(/<legacyDrawing\b[^>]*>/.exec(tail)?.[0] ?? '', 'r:id');
  let vmlPart = rels.find((r) => r.id === legacyId && r.type === REL.vmlDrawing)?.part ?? null;

  if (moved) {
    if (commentsPart) pkg.set(commentsPart, moveComments(pkg.text(commentsPart), moved));
    if (vmlPart) pkg.set(vmlPart, moveShapes(pkg.text(vmlPart), moved));
    for (const rel of rels.filter((r) => r.type === THREADED_COMMENTS && r.part))
      pkg.set(rel.part as string, moveThreaded(pkg.text(rel.part as string), moved));
  }
  if (changes.length === 0) return tail;

  let result = tail;
  if (!commentsPart) {
    commentsPart = pkg.freeName('xl/comments', '.xml');
    pkg.set(
      commentsPart,
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors></authors><commentList></commentList></comments>',
    );
    pkg.declare(commentsPart, CONTENT_TYPE.comments);
    pkg.addRelationship(sheetPart, REL.comments, commentsPart);
  }
  if (!vmlPart) {
    vmlPart = pkg.freeName('xl/drawings/vmlDrawing', '.vml');
    pkg.set(vmlPart, emptyVml(freeIdMap(pkg)));
    pkg.declare(vmlPart, CONTENT_TYPE.vml, true);
    const id = pkg.addRelationship(sheetPart, REL.vmlDrawing, vmlPart);
    result = withLegacyDrawing(result, id);
  }
  pkg.set(commentsPart, applyToComments(pkg.text(commentsPart), changes));
  pkg.set(vmlPart, applyToShapes(pkg.text(vmlPart), changes));
  return result;
}

function moveComments(xml: string, moved: (row: number) => number | null): string {
  return xml.replace(/<comment\b[^>]*?(?:\/>|>[\s\S]*?<\/comment>)/g, (comment) => {
    const ref = attr(openingTag(comment), 'ref');
    const shifted = ref ? shiftRange(ref, moved) : null;
    if (!ref) return comment;
    return shifted && parseAddress(ref)?.row !== undefined && moved(parseAddress(ref)?.row ?? 0) !== null
      ? comment.replace(openingTag(comment), setAttr(openingTag(comment), 'ref', shifted))
      : '';
  });
}

function moveThreaded(xml: string, moved: (row: number) => number | null): string {
  return xml.replace(/<threadedComment\b[^>]*?(?:\/>|>[\s\S]*?<\/threadedComment>)/g, (comment) => {
    const ref = attr(openingTag(comment), 'ref');
    const at = ref ? parseAddress(ref) : null;
    if (!ref || !at) return comment;
    const row = moved(at.row);
    return row === null
      ? ''
      : comment.replace(
          openingTag(comment),
          setAttr(openingTag(comment), 'ref', shiftRange(ref, moved) ?? ref),
        );
  });
}

const SHAPE = /<v:shape\b[^>]*?(?:\/>|>[\s\S]*?<\/v:shape>)/g;

function noteShapeAt(shape: string): { row: number; column: number } | null {
  if (!/ObjectType="Note"/.test(shape)) return null;
  const row = /<x:Row>\s*(\d+)\s*<\/x:Row>/.exec(shape);
  const column = /<x:Column>\s*(\d+)\s*<\/x:Column>/.exec(shape);
  return row && column ? { row: Number(row[1]) + 1, column: Number(column[1]) + 1 } : null;
}

function moveShapes(xml: string, moved: (row: number) => number | null): string {
  return xml.replace(SHAPE, (shape) => {
    const at = noteShapeAt(shape);
    if (!at) return shape;
    const row = moved(at.row);
    if (row === null) return '';
    return shape.replace(/(<x:Row>\s*)\d+(\s*<\/x:Row>)/, `$1${row - 1}$2`);
  });
}

function applyToComments(xml: string, changes: readonly NoteChange[]): string {
  const refs = new Set(changes.map((c) => `${c.column}:${c.row}`));
  let result = xml.replace(/<comment\b[^>]*?(?:\/>|>[\s\S]*?<\/comment>)/g, (comment) => {
    const at = parseAddress(attr(openingTag(comment), 'ref') ?? '');
    return at && refs.has(`${at.column}:${at.row}`) ? '' : comment;
  });
  const authors = elements(result, 'author').map((a) => a.xml.replace(/<[^>]*>/g, ''));
  let authorId = authors.indexOf(AUTHOR);
  if (authorId < 0) {
    authorId = authors.length;
    result = result.includes('</authors>')
      ? result.replace('</authors>', `<author>${AUTHOR}</author></authors>`)
      : result.replace(/<authors\s*\/>/, `<authors><author>${AUTHOR}</author></authors>`);
  }
  const added = changes
    .filter((c) => c.text !== null)
    .map(
      (c) =>
        `<comment ref="${ref(c)}" authorId="${authorId}"><text><r><t xml:space="preserve">${escapeXml(c.text ?? '')}</t></r></text></comment>`,
    )
    .join('');
  if (result.includes('</commentList>')) return result.replace('</commentList>', `${added}</commentList>`);
  return result.replace(/<commentList\s*\/>/, `<commentList>${added}</commentList>`);
}

const ref = (c: NoteChange) => {
  let letters = '';
  for (let n = c.column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${c.row}`;
};

function applyToShapes(xml: string, changes: readonly NoteChange[]): string {
  const refs = new Set(changes.map((c) => `${c.column}:${c.row}`));
  let result = xml.replace(SHAPE, (shape) => {
    const at = noteShapeAt(shape);
    return at && refs.has(`${at.column}:${at.row}`) ? '' : shape;
  });
  if (!result.includes('id="_x0000_t202"')) {
    result = result.replace(
      /(<o:shapelayout\b[\s\S]*?<\/o:shapelayout>)|(<xml\b[^>]*>)/,
      (m) => m + NOTE_SHAPETYPE,
    );
  }
  const idMap = Number(/<o:idmap\b[^>]*\sdata="(\d+)/.exec(result)?.[1] ?? 1);
  let next = Math.max(idMap * 1024, ...[...result.matchAll(/id="_x0000_s(\d+)"/g)].map((m) => Number(m[1])));
  const shapes = changes
    .filter((c) => c.text !== null)
    .map((c) => {
      next += 1;
      return noteShape(next, c.row, c.column);
    })
    .join('');
  const close = result.lastIndexOf('</xml>');
  return result.slice(0, close) + shapes + result.slice(close);
}

const NOTE_SHAPETYPE =
  '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>';

function emptyVml(idMap: number): string {
  return `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${idMap}"/></o:shapelayout>${NOTE_SHAPETYPE}</xml>`;
}

/** A hidden note box beside its cell, as Excel draws one (Excel lays it out again when shown). */
function noteShape(id: number, row: number, column: number): string {
  const r = row - 1;
  const c = column - 1;
  return `<v:shape id="_x0000_s${id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:216pt;height:90pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c + 1}, 15, ${Math.max(r - 1, 0)}, 10, ${c + 4}, 15, ${r + 4}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${r}</x:Row><x:Column>${c}</x:Column></x:ClientData></v:shape>`;
}

/** VML drawings of one workbook each take their own block of shape ids. */
function freeIdMap(pkg: WorkbookPackage): number {
  const used = pkg
    .names()
    .filter((name) => name.endsWith('.vml'))
    .flatMap((name) =>
      [...pkg.text(name).matchAll(/<o:idmap\b[^>]*\sdata="([\d,]+)"/g)].flatMap((m) =>
        (m[1] ?? '').split(',').map(Number),
      ),
    );
  return Math.max(0, ...used) + 1;
}

/** `<legacyDrawing>` goes after `<drawing>` and before the elements the schema puts after it. */
function withLegacyDrawing(tail: string, id: string): string {
  const element = `<legacyDrawing r:id="${id}"/>`;
  const later =
    /<(legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b/.exec(tail);
  if (later) return tail.slice(0, later.index) + element + tail.slice(later.index);
  const close = tail.lastIndexOf('</worksheet>');
  return tail.slice(0, close) + element + tail.slice(close);
}
