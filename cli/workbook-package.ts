/**
 * A workbook's package (its zip of parts) as sync edits it: parts are read as text when sync needs
 * them, replaced or added only when sync changes them, and every other part goes back out exactly
 * as it came in. Relationships and content types are read and amended in place.
 */
import { posix } from 'node:path';
import { attr, elements, escapeXml } from './workbook-xml.js';
import { packPart, readZip, unpack, writeZip, type ZipPart } from './workbook-zip.js';

export interface Relationship {
  id: string;
  type: string;
  /** The part it points to, as a package path without the leading slash; null for external targets. */
  part: string | null;
  target: string;
}

export interface SheetEntry {
  name: string;
  sheetId: number;
  relId: string;
  state: string;
  /** The worksheet (or chartsheet) part. */
  part: string;
  isWorksheet: boolean;
}

export const REL = {
  officeDocument: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
  worksheet: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  comments: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments',
  vmlDrawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing',
  table: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/table',
  hyperlink: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink',
  styles: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles',
  sharedStrings: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings',
  theme: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme',
} as const;

export const CONTENT_TYPE = {
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  comments: 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml',
  vml: 'application/vnd.openxmlformats-officedocument.vmlDrawing',
} as const;

export const relsPathOf = (part: string) =>
  posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);

export class WorkbookPackage {
  private readonly original = new Map<string, ZipPart>();
  private readonly order: string[] = [];
  private readonly replaced = new Map<string, string | Buffer>();
  private readonly texts = new Map<string, string>();

  constructor(buffer: Buffer) {
    for (const part of readZip(buffer)) {
      this.original.set(part.name, part);
      this.order.push(part.name);
    }
  }

  has(name: string): boolean {
    return this.replaced.has(name) || this.original.has(name);
  }

  names(): string[] {
    return [...this.order, ...[...this.replaced.keys()].filter((name) => !this.original.has(name))];
  }

  bytes(name: string): Buffer {
    const replaced = this.replaced.get(name);
    if (replaced !== undefined)
      return typeof replaced === 'string' ? Buffer.from(replaced, 'utf8') : replaced;
    const part = this.original.get(name);
    if (!part) throw new Error(`the workbook has no part ${name}`);
    return unpack(part);
  }

  text(name: string): string {
    const replaced = this.replaced.get(name);
    if (typeof replaced === 'string') return replaced;
    let text = this.texts.get(name);
    if (text === undefined) {
      text = this.bytes(name).toString('utf8');
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      this.texts.set(name, text);
    }
    return text;
  }

  /** Sets a part's content; a part given back unchanged stays the original bytes. */
  set(name: string, content: string): void {
    if (this.original.has(name) && !this.replaced.has(name) && this.text(name) === content) return;
    this.replaced.set(name, content);
  }

  /** The parts sync rewrote or added. */
  changedParts(): string[] {
    return [...this.replaced.keys()];
  }

  isChanged(name: string): boolean {
    return this.replaced.has(name);
  }

  toBuffer(): Buffer {
    return writeZip(
      this.names().map((name) => {
        const replaced = this.replaced.get(name);
        if (replaced !== undefined) return packPart(name, replaced);
        return this.original.get(name) as ZipPart;
      }),
    );
  }

  relationships(source: string): Relationship[] {
    const path = relsPathOf(source);
    if (!this.has(path)) return [];
    return elements(this.text(path), 'Relationship').map(({ xml }) => {
      const target = attr(xml, 'Target') ?? '';
      const external = attr(xml, 'TargetMode') === 'External';
      return {
        id: attr(xml, 'Id') ?? '',
        type: attr(xml, 'Type') ?? '',
        target,
        part: external ? null : resolvePart(source, target),
      };
    });
  }

  /** Adds a relationship from a part, creating its .rels part if it has none; returns its id. */
  addRelationship(source: string, type: string, part: string): string {
    const path = relsPathOf(source);
    const xml = this.has(path)
      ? this.text(path)
      : '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    const taken = new Set(elements(xml, 'Relationship').map(({ xml: r }) => attr(r, 'Id')));
    let n = taken.size + 1;
    while (taken.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    const target = posix.relative(posix.dirname(source), part);
    const added = `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(target)}"/>`;
    this.set(path, insertBeforeClose(xml, 'Relationships', added));
    return id;
  }

  /** Declares a new part's content type, by extension when the package has none for it yet. */
  declare(part: string, contentType: string, byExtension = false): void {
    const path = '[Content_Types].xml';
    const xml = this.text(path);
    if (byExtension) {
      const extension = posix.extname(part).slice(1);
      const known = elements(xml, 'Default').some(
        ({ xml: d }) => (attr(d, 'Extension') ?? '').toLowerCase() === extension.toLowerCase(),
      );
      if (!known)
        this.set(
          path,
          insertBeforeClose(xml, 'Types', `<Default Extension="${extension}" ContentType="${contentType}"/>`),
        );
      return;
    }
    this.set(
      path,
      insertBeforeClose(
        xml,
        'Types',
        `<Override PartName="/${escapeXml(part)}" ContentType="${contentType}"/>`,
      ),
    );
  }

  contentTypeOf(part: string): string | null {
    const xml = this.text('[Content_Types].xml');
    const override = elements(xml, 'Override').find(({ xml: o }) => attr(o, 'PartName') === `/${part}`);
    if (override) return attr(override.xml, 'ContentType');
    const extension = posix.extname(part).slice(1).toLowerCase();
    const fallback = elements(xml, 'Default').find(
      ({ xml: d }) => (attr(d, 'Extension') ?? '').toLowerCase() === extension,
    );
    return fallback ? attr(fallback.xml, 'ContentType') : null;
  }

  get workbookPart(): string {
    const main = this.relationships('').find((r) => r.type === REL.officeDocument);
    return main?.part ?? 'xl/workbook.xml';
  }

  sheets(): SheetEntry[] {
    const workbook = this.workbookPart;
    const rels = new Map(this.relationships(workbook).map((r) => [r.id, r]));
    return elements(this.text(workbook), 'sheet').flatMap(({ xml }) => {
      const relId = attr(xml, 'r:id') ?? '';
      const rel = rels.get(relId);
      if (!rel?.part) return [];
      return [
        {
          name: attr(xml, 'name') ?? '',
          sheetId: Number(attr(xml, 'sheetId') ?? 0),
          relId,
          state: attr(xml, 'state') ?? 'visible',
          part: rel.part,
          isWorksheet: rel.type === REL.worksheet,
        },
      ];
    });
  }

  /** A part name not yet used: `xl/comments3.xml` from `xl/comments`, `.xml`. */
  freeName(stem: string, extension: string): string {
    for (let n = 1; ; n++) {
      const name = `${stem}${n}${extension}`;
      if (!this.has(name)) return name;
    }
  }
}

/** `../drawings/x.vml` from `xl/worksheets/sheet1.xml` is `xl/drawings/x.vml`; `/xl/x.xml` is absolute. */
export function resolvePart(source: string, target: string): string {
  if (target.startsWith('/')) return posix.normalize(target.slice(1));
  return posix.normalize(posix.join(posix.dirname(source), target));
}

export function insertBeforeClose(xml: string, element: string, added: string): string {
  const close = xml.lastIndexOf(`</${element}>`);
  if (close >= 0) return xml.slice(0, close) + added + xml.slice(close);
  // `<Relationships …/>`: opened and closed in one tag.
  const selfClosed = new RegExp(`<${element}(\\s[^>]*)?/>`).exec(xml);
  if (!selfClosed) throw new Error(`no <${element}> element to add to`);
  const open = selfClosed[0].replace(/\s*\/>$/, '>');
  return xml.replace(selfClosed[0], `${open}${added}</${element}>`);
}
