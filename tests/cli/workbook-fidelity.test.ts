/**
 * `plans sync` keeps the officer's workbook: on the project's own fidelity workbooks (built by
 * tests/fixtures/fidelity/make.ts with LibreOffice, plus the parts Excel and Purview write), every
 * part sync does not own comes out byte for byte, the parts it rewrites keep what others depend
 * on, every relationship still resolves, and LibreOffice still opens the file.
 */
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerSync } from '../../cli/commands/sync.js';
import { readZip, unpack } from '../../cli/workbook-zip.js';
import { readCell } from '../../core/grid-cell.js';
import type { Action } from '../../core/plan.js';
import { runCommands } from '../support/cli-in-process.js';
import { buildAction } from '../support/factories.js';
import { COUNCIL, workbookTestbed } from '../support/workbook-testbed.js';
import { zip } from '../support/zip.js';

const FIDELITY = fileURLToPath(new URL('../fixtures/fidelity/', import.meta.url));
const bed = workbookTestbed('workbook-fidelity');
beforeEach(() => {
  vi.stubEnv('PLANS_TOKEN', bed.token);
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => bed.api.fetch(input, init));
});

/** The parts a sync of the plan sheet may rewrite; everything else must come out as it went in. */
const SYNCS_OWN = new Set([
  'xl/worksheets/sheet1.xml', // the plan sheet
  'xl/worksheets/_rels/sheet1.xml.rels',
  'xl/comments1.xml',
  'xl/drawings/vmlDrawing1.vml',
  'xl/tables/table1.xml',
  'xl/styles.xml',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  '[Content_Types].xml',
]);

type Parts = Map<string, Buffer>;

async function partsOf(file: string): Promise<Parts> {
  return new Map(readZip(await readFile(file)).map((part) => [part.name, unpack(part)]));
}
const text = (parts: Parts, name: string) => parts.get(name)?.toString('utf8') ?? '';

let copies = 0;
async function copyOfFixture(name: string): Promise<string> {
  const file = join(bed.dir, `${++copies}-${name}`);
  await copyFile(join(FIDELITY, name), file);
  await chmod(file, 0o644);
  return file;
}

const plans = (...args: string[]) => runCommands([registerSync], args);
const sync = (file: string, plan: string) =>
  plans('sync', file, '--council', COUNCIL, '--plan', plan, '--json');

async function sheetCells(file: string, sheet = 'Action plan'): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.getWorksheet(sheet) as ExcelJS.Worksheet;
}

/** Every part sync does not own, byte for byte; the names of those that differ. */
function changedOutsideSync(before: Parts, after: Parts): string[] {
  return [...before.keys()].filter(
    (name) => !SYNCS_OWN.has(name) && !before.get(name)?.equals(after.get(name) ?? Buffer.alloc(0)),
  );
}

/** Every relationship's internal target is a part of the package. */
function unresolved(parts: Parts): string[] {
  return [...parts.keys()]
    .filter((name) => name.endsWith('.rels'))
    .flatMap((rels) => {
      const source = rels.replace(/_rels\/([^/]+)\.rels$/, '$1').replace(/^_rels\/\.rels$/, '');
      const dir = posix.dirname(source === '' ? 'x' : source);
      return [...text(parts, rels).matchAll(/<Relationship\b[^>]*>/g)].flatMap(([tag]) => {
        if (/TargetMode="External"/.test(tag)) return [];
        const target = /Target="([^"]+)"/.exec(tag)?.[1] ?? '';
        const part = target.startsWith('/')
          ? target.slice(1)
          : posix.normalize(posix.join(source === '' ? '' : dir, target));
        return parts.has(part) ? [] : [`${rels} → ${target}`];
      });
    });
}

const elementsOf = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[0]);

/** What other parts depend on in the parts sync rewrites: kept as they were. */
function expectDependenciesKept(before: Parts, after: Parts): void {
  const workbookBefore = text(before, 'xl/workbook.xml');
  const workbookAfter = text(after, 'xl/workbook.xml');
  for (const pattern of [
    /<sheet\b[^>]*\/>/g,
    /<definedName\b[^>]*>[^<]*<\/definedName>/g,
    /<pivotCaches>[\s\S]*?<\/pivotCaches>/g,
    /<extLst>[\s\S]*?<\/extLst>/g,
    /<workbookPr\b[^>]*>/g,
  ]) {
    for (const element of elementsOf(workbookBefore, pattern)) expect(workbookAfter).toContain(element);
  }
  const types = text(after, '[Content_Types].xml');
  for (const entry of elementsOf(text(before, '[Content_Types].xml'), /<(Override|Default)\b[^>]*\/>/g))
    expect(types).toContain(entry);
  for (const rel of elementsOf(text(before, 'xl/_rels/workbook.xml.rels'), /<Relationship\b[^>]*\/>/g))
    expect(text(after, 'xl/_rels/workbook.xml.rels')).toContain(rel);
  // Styles are only ever added to: every index a cell or another part uses means what it meant.
  for (const list of [
    'numFmts',
    'fonts',
    'fills',
    'borders',
    'cellStyleXfs',
    'cellXfs',
    'cellStyles',
    'dxfs',
  ]) {
    const inner = (parts: Parts) =>
      new RegExp(`<${list}\\b[^>]*>([\\s\\S]*?)</${list}>`).exec(text(parts, 'xl/styles.xml'))?.[1] ?? '';
    expect(inner(after).startsWith(inner(before)), `styles ${list} kept in place`).toBe(true);
  }
  expect(after.get('xl/sharedStrings.xml')?.equals(before.get('xl/sharedStrings.xml') as Buffer)).toBe(true);
}

/**
 * The plan sheet's own things that are not the sync's, as they were written; `moved` gives how a
 * range reads once rows were removed (as Excel's "Delete row" moves it).
 */
function expectPlanSheetKept(before: Parts, after: Parts, moved = (element: string) => element): void {
  const sheetBefore = text(before, 'xl/worksheets/sheet1.xml');
  const sheetAfter = text(after, 'xl/worksheets/sheet1.xml');
  for (const pattern of [
    /<sheetView\b[\s\S]*?<\/sheetView>/g,
    /<mergeCells\b[\s\S]*?<\/mergeCells>/g,
    /<conditionalFormatting\b[\s\S]*?<\/conditionalFormatting>/g,
    /<dataValidations\b[\s\S]*?<\/dataValidations>/g,
    /<legacyDrawing\b[^>]*\/>/g,
    /<tableParts\b[\s\S]*?<\/tableParts>/g,
    /<c r="G4"[\s\S]*?<\/c>/g, // the formula beside the table
    /<col\b[^>]*max="2"[^>]*\/>/g, // the action column's width
  ]) {
    const found = elementsOf(sheetBefore, pattern);
    expect(found.length, `${pattern} is in the fixture`).toBeGreaterThan(0);
    for (const element of found) expect(sheetAfter).toContain(moved(element));
  }
}

/** LibreOffice opens it: the first sheet, as CSV. */
async function openedByLibreOffice(file: string): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'plans-soffice-'));
  try {
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${out}/profile`,
        '--headless',
        '--convert-to',
        'csv',
        '--outdir',
        out,
        file,
      ],
      {
        stdio: 'ignore',
        timeout: 180_000,
      },
    );
    const csv = (await readdir(out)).find((name) => name.endsWith('.csv'));
    return csv ? await readFile(join(out, csv), 'utf8') : '';
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function changeInPlan(plan: string, id: string, patch: Partial<Action>): Promise<void> {
  const current = (await bed.actionsOf(plan)).find((a) => a.id === id) as Action;
  const res = await bed.api.request(`/councils/${COUNCIL}/plans/${plan}/actions/${id}`, {
    method: 'PATCH',
    token: bed.token,
    headers: { 'if-match': `"${current.version}"` },
    json: patch,
  });
  expect(res.status).toBe(200);
}

async function deleteInPlan(plan: string, id: string): Promise<void> {
  const current = (await bed.actionsOf(plan)).find((a) => a.id === id) as Action;
  const res = await bed.api.request(`/councils/${COUNCIL}/plans/${plan}/actions/${id}`, {
    method: 'DELETE',
    token: bed.token,
    headers: { 'if-match': `"${current.version}"` },
  });
  expect(res.status).toBe(200);
}

/** An officer's edit in Excel, made in the sheet part itself so nothing else of the file changes. */
async function typeInPlanSheet(file: string, ref: string, value: string): Promise<void> {
  const parts = await partsOf(file);
  const sheet = text(parts, 'xl/worksheets/sheet1.xml');
  const cell = new RegExp(`<c r="${ref}"([^>]*?) t="s"><v>\\d+</v></c>`);
  expect(sheet).toMatch(cell);
  parts.set(
    'xl/worksheets/sheet1.xml',
    Buffer.from(sheet.replace(cell, `<c r="${ref}"$1 t="inlineStr"><is><t>${value}</t></is></c>`)),
  );
  await writeFile(file, zip(Object.fromEntries(parts)));
}

const idOf = (sheet: ExcelJS.Worksheet, row: number) => readCell(sheet.getCell(row, 6).value).text;

function noteOf(cell: ExcelJS.Cell): string {
  const { note } = cell;
  if (!note || typeof note === 'string') return note ?? '';
  return (note.texts ?? []).map((run) => run.text).join('');
}

describe('a LibreOffice workbook with a chart, a pivot, notes, a threaded comment, a label and sparklines', () => {
  it('when adopted and then synced both ways (an edit, a deletion, a new action, a conflict), then every part sync does not own is byte for byte the same and the rest keep what depends on them', async () => {
    const file = await copyOfFixture('officer-plan.xlsx');
    const plan = await bed.newPlan();
    const original = await partsOf(file);

    const adopted = await sync(file, plan);
    expect(adopted.stderr).toBe('');
    expect(adopted.exitCode).toBe(0);
    const afterAdoption = await partsOf(file);
    expect(changedOutsideSync(original, afterAdoption)).toEqual([]);
    expect(unresolved(afterAdoption)).toEqual([]);
    expectDependenciesKept(original, afterAdoption);
    expectPlanSheetKept(original, afterAdoption);
    const adoptedSheet = await sheetCells(file);
    expect(readCell(adoptedSheet.getCell('F3').value).text).toBe('Id');
    expect(adoptedSheet.getColumn(6).hidden).toBe(true);

    // The plan changes row 4's timescale, deletes row 7's action and gains one; the officer
    // meanwhile types another timescale into row 6, which the plan also changed: a conflict.
    const ids = [4, 5, 6, 7, 8].map((row) => idOf(adoptedSheet, row));
    await changeInPlan(plan, ids[0] as string, { timescale: 'January 2027' });
    await changeInPlan(plan, ids[2] as string, { timescale: 'May 2026' });
    await deleteInPlan(plan, ids[3] as string);
    const added = await bed.api.request(`/councils/${COUNCIL}/plans/${plan}/actions`, {
      method: 'POST',
      token: bed.token,
      json: buildAction({
        theme: 'People',
        action: 'Run a staff awards scheme',
        directorate: 'People',
        timescale: 'October 2026',
      }),
    });
    expect(added.status).toBe(201);
    await typeInPlanSheet(file, 'E6', 'August 2026');

    const synced = await sync(file, plan);
    expect(synced.exitCode).not.toBe(0); // a conflict waits for a person
    const after = await partsOf(file);
    expect(changedOutsideSync(original, after)).toEqual([]);
    expect(unresolved(after)).toEqual([]);
    expectDependenciesKept(original, after);
    // One row of the table went: the formats and validation that reached below it end a row higher.
    expectPlanSheetKept(original, after, (element) =>
      element.replace('sqref="E4:E40"', 'sqref="E4:E39"').replace('sqref="D4:D8"', 'sqref="D4:D7"'),
    );

    const sheet = await sheetCells(file);
    expect(readCell(sheet.getCell('E4').value).text).toBe('January 2027');
    expect(readCell(sheet.getCell('B7').value).text).toBe('Launch the workforce strategy and pulse survey');
    expect(readCell(sheet.getCell('B8').value).text).toBe('Run a staff awards scheme');
    // The officer's note stays on its cell; the conflict's note and fill go on the conflicted one.
    const comments = text(after, 'xl/comments1.xml');
    expect(comments).toContain('Check the figures with finance first');
    expect(comments).toMatch(/<comment ref="E6"/);
    expect(sheet.getCell('E6').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    // The table's range follows its rows: five actions, one deleted, one added.
    expect(text(after, 'xl/tables/table1.xml')).toContain('ref="A3:E8"');

    const csv = await openedByLibreOffice(file);
    expect(csv).toContain('Run a staff awards scheme');
    expect(csv).toContain('January 2027');
  }, 300_000);

  it('when a part sync does not read cannot be parsed by ExcelJS (a form control caption with an unclosed <br>), then the sync still reads the plan and carries that part over as it was', async () => {
    const file = await copyOfFixture('officer-plan.xlsx');
    const parts = await partsOf(file);
    // A button on the Summary sheet, its caption as Excel writes it.
    const vml =
      '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s2049" type="#_x0000_t201"><v:textbox><div><font>Send<br>reminders</font></div></v:textbox><x:ClientData ObjectType="Button"><x:Row>2</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>';
    parts.set('xl/drawings/vmlDrawing9.vml', Buffer.from(vml));
    const summaryRels = 'xl/worksheets/_rels/sheet4.xml.rels';
    parts.set(
      summaryRels,
      Buffer.from(
        text(parts, summaryRels).replace(
          '</Relationships>',
          '<Relationship Id="rIdForm" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing9.vml"/></Relationships>',
        ),
      ),
    );
    parts.set(
      'xl/worksheets/sheet4.xml',
      Buffer.from(
        text(parts, 'xl/worksheets/sheet4.xml').replace(
          /(<drawing\b[^>]*\/>)/,
          '$1<legacyDrawing r:id="rIdForm"/>',
        ),
      ),
    );
    await writeFile(file, zip(Object.fromEntries(parts)));

    const run = await sync(file, await bed.newPlan());
    expect(run.stderr).toBe('');
    const after = await partsOf(file);
    expect(after.get('xl/drawings/vmlDrawing9.vml')?.toString()).toBe(vml);
    expect(changedOutsideSync(parts, after)).toEqual([]);
  }, 120_000);
});

describe('a macro-enabled workbook whose Summary sheet holds a chart', () => {
  it('when adopted and synced, then its macros, its chart and the macro-enabled content type are kept and LibreOffice opens it', async () => {
    const file = await copyOfFixture('summary-chart.xlsm');
    const plan = await bed.newPlan();
    const original = await partsOf(file);

    const run = await sync(file, plan);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const after = await partsOf(file);
    expect(changedOutsideSync(original, after)).toEqual([]);
    expect(after.get('xl/vbaProject.bin')?.equals(original.get('xl/vbaProject.bin') as Buffer)).toBe(true);
    expect([...after.keys()].filter((name) => name.startsWith('xl/charts/'))).not.toEqual([]);
    expect(text(after, '[Content_Types].xml')).toContain(
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>',
    );
    expect(unresolved(after)).toEqual([]);
    expectDependenciesKept(original, after);
    expect(idOf(await sheetCells(file), 4)).toMatch(/^[0-9A-Z]{26}$/);
    expect(await openedByLibreOffice(file)).toContain('Refresh the medium-term financial strategy');
  }, 300_000);
});

describe('a plan sheet with no notes yet', () => {
  it('when a conflict marks a cell, then a notes part and its drawing are added and linked, LibreOffice opens the file, and the next clean sync takes the mark away', async () => {
    const file = await copyOfFixture('summary-chart.xlsm');
    const parts = await partsOf(file);
    parts.delete('xl/comments1.xml');
    parts.delete('xl/drawings/vmlDrawing1.vml');
    parts.set(
      'xl/worksheets/_rels/sheet1.xml.rels',
      Buffer.from(
        text(parts, 'xl/worksheets/_rels/sheet1.xml.rels').replace(
          /<Relationship [^>]*(comments|vmlDrawing)[^>]*\/>/g,
          '',
        ),
      ),
    );
    parts.set(
      'xl/worksheets/sheet1.xml',
      Buffer.from(text(parts, 'xl/worksheets/sheet1.xml').replace(/<legacyDrawing\b[^>]*\/>/, '')),
    );
    parts.set(
      '[Content_Types].xml',
      Buffer.from(
        text(parts, '[Content_Types].xml').replace(/<Override PartName="\/xl\/comments1.xml"[^>]*\/>/, ''),
      ),
    );
    await writeFile(file, zip(Object.fromEntries(parts)));
    const plan = await bed.newPlan();
    expect((await sync(file, plan)).exitCode).toBe(0);
    const id = idOf(await sheetCells(file), 6);
    const styleOfE6 = (parts: Parts) =>
      /<c r="E6"( s="\d+")?/.exec(text(parts, 'xl/worksheets/sheet1.xml'))?.[1];
    const ownStyle = styleOfE6(await partsOf(file));
    await changeInPlan(plan, id, { timescale: 'May 2026' });
    await typeInPlanSheet(file, 'E6', 'August 2026');

    expect((await sync(file, plan)).exitCode).not.toBe(0);
    const marked = await partsOf(file);
    expect(unresolved(marked)).toEqual([]);
    expect(text(marked, 'xl/worksheets/sheet1.xml')).toMatch(/<legacyDrawing r:id="rId\d+"\/>/);
    expect(text(marked, 'xl/comments1.xml')).toMatch(
      /<comment ref="E6" authorId="0"><text><r><t xml:space="preserve">Sync conflict: /,
    );
    expect(text(marked, 'xl/drawings/vmlDrawing1.vml')).toContain('<x:Row>5</x:Row><x:Column>4</x:Column>');
    let sheet = await sheetCells(file);
    expect(noteOf(sheet.getCell('E6'))).toMatch(/^Sync conflict: kept "May 2026"/);
    expect(await openedByLibreOffice(file)).toContain('May 2026');

    expect((await sync(file, plan)).exitCode).toBe(0);
    sheet = await sheetCells(file);
    expect(sheet.getCell('E6').note).toBeUndefined();
    // The cell's own format again, not a copy of it.
    const cleared = await partsOf(file);
    expect(styleOfE6(cleared)).toBe(ownStyle);
    expect(text(cleared, 'xl/comments1.xml')).not.toContain('<comment ');
  }, 300_000);
});

describe('an Excel 97-2003 workbook', () => {
  it('when synced, then it is refused in one line that says to save it as .xlsx, and the file is untouched', async () => {
    const file = join(bed.dir, 'old-plan.xls');
    const bytes = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    await writeFile(file, bytes);
    const run = await sync(file, await bed.newPlan());
    expect(run.exitCode).not.toBe(0);
    const { error } = JSON.parse(run.stderr.trim()) as { error: { message: string; fix: string } };
    expect(error.message).toBe(
      `${file} is an Excel 97-2003 workbook (.xls), which sync cannot write without losing parts of it`,
    );
    expect(error.fix).toBe('open it in Excel, save it as .xlsx (Excel Workbook) and sync that');
    expect((await readFile(file)).equals(bytes)).toBe(true);
  });
});
