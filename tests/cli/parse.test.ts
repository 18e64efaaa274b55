import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerParse } from '../../cli/commands/parse.js';
import { runCli } from '../../cli/run.js';
import { readSheetCells } from '../../cli/workbook-read.js';
import { readZip, unpack } from '../../cli/workbook-zip.js';
import { zip } from '../support/zip.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/peer-challenge-2019-grid.xlsx', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plans-parse-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** Runs `plans parse …` in-process, capturing what it prints. */
async function plans(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: unknown }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const program = new Command('plans');
  registerParse(program);
  await runCli(program, ['node', 'plans', ...args]);
  const exitCode = process.exitCode;
  vi.restoreAllMocks();
  return { stdout, stderr, exitCode };
}

async function tempFile(name: string, content: string | Buffer): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('plans parse --json', () => {
  it('when given the 2019 fixture, then it prints the reading in the published shape with nine actions', async () => {
    const { stdout, stderr, exitCode } = await plans('parse', FIXTURE, '--json');
    expect(stderr).toBe('');
    expect(exitCode).toBeUndefined();
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual([
      'sheet',
      'headerRow',
      'columns',
      'recommendations',
      'actions',
      'warnings',
      'tables',
      'skipped',
    ]);
    expect(json.sheet).toBe('Action plan');
    expect(json.headerRow).toBe(3);
    expect(json.recommendations[0]).toEqual({ number: '3', text: '' });
    expect(json.actions).toHaveLength(9);
    for (const action of json.actions) {
      expect(Object.keys(action)).toEqual([
        'row',
        'theme',
        'action',
        'recommendations',
        'directorate',
        'lead',
        'timescale',
        'due',
        'milestones',
        'status',
        'progress',
        'extra',
        'warnings',
        'sheet',
      ]);
    }
    expect(json.actions.map((a: { theme: string }) => a.theme)).toEqual([
      ...Array(2).fill('Change management'),
      ...Array(4).fill('Organisational development'),
      ...Array(3).fill('Partnership working'),
    ]);
    expect(json.warnings).toHaveLength(3);
    expect(Object.keys(json.warnings[0])).toEqual(['row', 'column', 'message', 'sheet']);
    expect(json.tables).toEqual([
      expect.objectContaining({
        sheet: 'Action plan',
        range: 'A3:E12',
        headerRow: 3,
        plan: true,
        actions: 9,
      }),
    ]);
    expect(json.skipped).toEqual([]);
  });

  it('when given a CSV file with quoted line breaks, then it reads it like a sheet', async () => {
    const file = await tempFile(
      'plan.csv',
      'Action plan\r\nProposed action,Timescale,Lead\r\n"a. Review X b. Consult Y","a. July 2025 b. October 2025",SRO\r\n',
    );
    const json = JSON.parse((await plans('parse', file, '--json')).stdout);
    expect(json.sheet).toBe('plan');
    expect(json.actions.map((a: { action: string; due: string }) => [a.action, a.due])).toEqual([
      ['Review X', '2025-07-31'],
      ['Consult Y', '2025-10-31'],
    ]);
  });
  it('when the CSV was saved by Excel as "CSV (Comma delimited)" (Windows-1252), then £, dashes and curly quotes read as typed', async () => {
    const text = 'Proposed action,Timescale\r\nFund the £5k review – “phase 2”,July 2025\r\n';
    const windows1252: Record<string, number> = { '£': 0xa3, '–': 0x96, '“': 0x93, '”': 0x94 };
    const file = await tempFile(
      'plan-1252.csv',
      Buffer.from([...text].map((c) => windows1252[c] ?? c.charCodeAt(0))),
    );
    const json = JSON.parse((await plans('parse', file, '--json')).stdout);
    expect(json.actions.map((a: { action: string }) => a.action)).toEqual([
      'Fund the £5k review – “phase 2”',
    ]);
  });
});

describe('plans parse (table)', () => {
  it('when given the fixture, then it prints a table of actions, the recommendations and the warnings', async () => {
    const { stdout } = await plans('parse', FIXTURE);
    expect(stdout).toContain('Sheet "Action plan", table A3:E12, headings on row 3: a plan, 9 actions');
    expect(stdout).toMatch(
      /^ {2}B {2}Proposed action +-> action +\(the heading "Proposed action" reads as action\)$/m,
    );
    expect(stdout).toContain('9 actions, 9 recommendations, 3 warnings');
    expect(stdout).toMatch(
      /^4 +Change management +Creation of an Investment Strategy +3 +Commercial Services +2020-12-31$/m,
    );
    expect(stdout).toContain('Recommendations:');
    expect(stdout).toMatch(/row 5, Timescales: .*December 2020/);
  });
});

describe('plans parse errors', () => {
  it('when the file is a .txt file, then it says it is not a spreadsheet', async () => {
    const file = await tempFile('notes.txt', 'Theme, Proposed action');
    const { stdout, stderr, exitCode } = await plans('parse', file);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `plans: ${file} is not an Excel workbook (.xlsx) or CSV file: expected an .xlsx workbook or a .csv file\n`,
    );
    expect(exitCode).toBe(1);
  });

  it('when the .xlsx file is corrupt, then it says it is not an Excel workbook, in one line', async () => {
    const file = await tempFile('broken.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    const { stderr, exitCode } = await plans('parse', file, '--json');
    // With --json the one line is a JSON object, as a script reads it.
    expect(stderr.split('\n')).toHaveLength(2);
    expect(JSON.parse(stderr).error.message).toMatch(
      new RegExp(`^${escapeRegExp(file)} is not an Excel workbook \\(\\.xlsx\\) or CSV file: .+$`),
    );
    expect(exitCode).toBe(1);
  });

  it('when the file does not exist, then it says so', async () => {
    const { stderr } = await plans('parse', join(dir, 'missing.xlsx'));
    expect(stderr).toContain('missing.xlsx not found: expected an .xlsx workbook or a .csv file');
  });

  it('when the named sheet is missing, then it lists the sheets there are', async () => {
    const { stderr } = await plans('parse', FIXTURE, '--sheet', 'Plan 2020');
    expect(stderr).toContain('sheet "Plan 2020" not found');
    expect(stderr).toContain('it has "Action plan"');
  });

  it('when the sheet has no header row, then the grid error is reported', async () => {
    const file = await tempFile('budget.csv', 'Income,Spend\n1,2\n');
    const { stderr, exitCode } = await plans('parse', file);
    expect(stderr).toContain('no header row found in sheet "budget"');
    expect(exitCode).toBe(1);
  });
});

describe('readSheetCells', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    const file = join(dir, `book-${Math.random().toString(36).slice(2)}.xlsx`);
    await wb.xlsx.writeFile(file);
    return file;
  }

  it('when no sheet is named, then the first visible sheet with a plan table is read', async () => {
    const file = await workbook((wb) => {
      wb.addWorksheet('Cover').addRow(['Peer challenge action plan']);
      wb.addWorksheet('Old plan', { state: 'hidden' }).addRows([['Proposed action', 'Timescale']]);
      const plan = wb.addWorksheet('Plan');
      plan.addRows([
        ['Theme', 'Proposed action', 'Timescale'],
        ['People', 'Refresh the OD strategy', new Date(Date.UTC(2025, 2, 31))],
        [null, 'Agree a workforce plan', 45_747],
      ]);
      plan.mergeCells('A2:A3');
    });
    const { sheet, sheets, cells } = await readSheetCells(file);
    expect(sheet).toBe('Plan');
    expect(sheets).toEqual(['Cover', 'Old plan', 'Plan']);
    expect(cells[1]?.[0]).toBe('People');
    // Only the top-left cell of a merged range holds the value, as Office.js gives it.
    expect(cells[2]?.[0]).toBeNull();
    expect(cells[2]?.[2]).toBe(45_747);
  });

  it('when the chosen sheet is empty, then it says so', async () => {
    const file = await workbook((wb) => {
      wb.addWorksheet('Blank');
    });
    await expect(readSheetCells(file, 'Blank')).rejects.toThrow(/sheet "Blank" in .* is empty/);
  });

  it('when a zip is not a workbook, then it says it is not an Excel workbook', async () => {
    // An empty zip archive: the end-of-central-directory record alone.
    const file = await tempFile('archive.xlsx', Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Array(18).fill(0)]));
    await expect(readSheetCells(file)).rejects.toThrow(/is not an Excel workbook \(\.xlsx\) or CSV file/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('plans parse reads the whole workbook (issue 18)', () => {
  /** One sheet per inspection area, month-formatted dates, a recommendation merged across the table. */
  async function areasWorkbook(): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['Improvement plan following the inspection']);
    for (const [name, actions] of [
      ['Leadership', ['Appoint a permanent director', 'Refresh the improvement board']],
      ['Practice', ['Audit every open case']],
    ] as const) {
      const sheet = workbook.addWorksheet(name);
      sheet.addRow(['Action', 'Who', 'By when']);
      sheet.addRow(['Recommendation 1: Strengthen leadership oversight of practice']);
      sheet.mergeCells('A2:C2');
      for (const action of actions) {
        const row = sheet.addRow([action, 'Director of Children’s Services', new Date(Date.UTC(2025, 5, 1))]);
        row.getCell(3).numFmt = 'mmm-yy';
      }
    }
    const file = join(dir, 'areas.xlsx');
    await workbook.xlsx.writeFile(file);
    return file;
  }

  it('when a workbook has one sheet per area, then every sheet is read, shown table by table with its mapping', async () => {
    const { stdout, exitCode } = await plans('parse', await areasWorkbook());
    expect(exitCode).toBeUndefined();
    expect(stdout).toContain('Sheet "Leadership", table A1:C4, headings on row 1: a plan, 2 actions');
    expect(stdout).toContain('Sheet "Practice", table A1:C3, headings on row 1: a plan, 1 action');
    expect(stdout).toMatch(/^ {2}B {2}Who +-> lead +\(the heading "Who" reads as lead\)$/m);
    expect(stdout).toContain('3 actions, 1 recommendation');
    expect(stdout).toMatch(
      /^Practice!3 +Practice +Audit every open case +1 +Director of Child… +2025-06-30$/m,
    );
  });

  it('when dates are shown as mmm-yy, then the JSON keeps "Jun-25" as the timescale and the month end as due', async () => {
    const json = JSON.parse((await plans('parse', await areasWorkbook(), '--json')).stdout);
    expect(
      json.actions.map((a: { sheet: string; timescale: string; due: string }) => [
        a.sheet,
        a.timescale,
        a.due,
      ]),
    ).toEqual([
      ['Leadership', 'Jun-25', '2025-06-30'],
      ['Leadership', 'Jun-25', '2025-06-30'],
      ['Practice', 'Jun-25', '2025-06-30'],
    ]);
  });

  it('when sheets are named, then only those are read', async () => {
    const json = JSON.parse(
      (await plans('parse', await areasWorkbook(), '--sheet', 'Practice', '--json')).stdout,
    );
    expect(json.actions.map((a: { action: string }) => a.action)).toEqual(['Audit every open case']);
  });

  it('when the officer gives --map, then the columns are read as they say and parse shows it', async () => {
    const { stdout } = await plans('parse', await areasWorkbook(), '--map', 'Who=directorate,By when=extra');
    expect(stdout).toMatch(/^ {2}B {2}Who +-> directorate +\(set by the officer\)$/m);
    expect(stdout).toMatch(/^ {2}C {2}By when +-> extra +\(set by the officer\)$/m);
  });

  it('when --map names a role the plan does not have, then it says which roles there are', async () => {
    const { stderr, exitCode } = await plans('parse', FIXTURE, '--map', 'Theme=colour');
    expect(stderr).toBe(
      'plans: --map: "Theme=colour" is not HEADING=ROLE with ROLE one of theme, action, recommendation, reference, detail, directorate, lead, timescale, status, progress, id, extra\n',
    );
    expect(exitCode).toBe(1);
  });
});

describe("plans parse leaves out the add-in's own summary", () => {
  it("when the workbook has the add-in's Summary sheet (an overdue list with plan headings), then only the plan sheet is read", async () => {
    const workbook = new ExcelJS.Workbook();
    const plan = workbook.addWorksheet('Action plan');
    plan.addRow(['Action', 'Lead', 'Timescale']);
    plan.addRow(['Publish the plan', 'Chief Executive', 'March 2025']);
    const summary = workbook.addWorksheet('Summary');
    summary.addRow(['Plan', 'Theme', 'Proposed action', 'Directorate', 'Lead officer', 'Due', 'Status']);
    summary.addRow(['CPC', '', 'Publish the plan', '', 'Chief Executive', '2025-03-31', 'At risk']);
    const file = join(dir, 'with-summary.xlsx');
    await workbook.xlsx.writeFile(file);
    const json = JSON.parse((await plans('parse', file, '--json')).stdout);
    expect(json.actions.map((a: { sheet: string; action: string }) => [a.sheet, a.action])).toEqual([
      ['Action plan', 'Publish the plan'],
    ]);
  });
});

describe('plans parse of a workbook with parts ExcelJS cannot parse', () => {
  it('when a form control caption has an unclosed <br> (as Excel writes it), then the plan sheet is still read', async () => {
    const fixture = fileURLToPath(new URL('../fixtures/fidelity/officer-plan.xlsx', import.meta.url));
    const parts = Object.fromEntries(
      readZip(await readFile(fixture)).map((part) => [part.name, unpack(part)]),
    );
    parts['xl/drawings/vmlDrawing9.vml'] = Buffer.from(
      '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s2049"><v:textbox><div><font>Send<br>reminders</font></div></v:textbox><x:ClientData ObjectType="Button"/></v:shape></xml>',
    );
    const rels = 'xl/worksheets/_rels/sheet4.xml.rels';
    parts[rels] = Buffer.from(
      String(parts[rels]).replace(
        '</Relationships>',
        '<Relationship Id="rIdForm" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing9.vml"/></Relationships>',
      ),
    );
    parts['xl/worksheets/sheet4.xml'] = Buffer.from(
      String(parts['xl/worksheets/sheet4.xml']).replace(
        /(<drawing\b[^>]*\/>)/,
        '$1<legacyDrawing r:id="rIdForm"/>',
      ),
    );
    const file = await tempFile('with-form-control.xlsx', zip(parts));
    const { stdout, stderr } = await plans('parse', file, '--json');
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).actions).toHaveLength(5);
  });
});
