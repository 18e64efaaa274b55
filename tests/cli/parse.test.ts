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
      ]);
    }
    expect(json.actions.map((a: { theme: string }) => a.theme)).toEqual([
      ...Array(2).fill('Change management'),
      ...Array(4).fill('Organisational development'),
      ...Array(3).fill('Partnership working'),
    ]);
    expect(json.warnings).toHaveLength(3);
    expect(Object.keys(json.warnings[0])).toEqual(['row', 'column', 'message']);
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
    expect(stdout).toContain(
      'Sheet "Action plan", headings on row 3: 9 actions, 9 recommendations, 3 warnings',
    );
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
