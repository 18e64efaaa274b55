/**
 * Spreadsheets that are not what they claim, or far too big: a clear one-line error or a correct
 * read, in bounded time and memory.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSheetCells } from '../../cli/workbook-read.js';
import { readGrid } from '../../core/grid.js';
import { cell, sheetXml, workbookParts, zip } from '../support/zip.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'plans-hostile-'));
});

function file(name: string, content: Buffer | string) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function refusal(path: string): Promise<string> {
  const started = Date.now();
  const error = await readSheetCells(path).then(
    () => null,
    (e: Error) => e,
  );
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(error?.name).toBe('CliError');
  const message = (error as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
}

describe('hostile workbooks', () => {
  it('when the file is not a zip, then it is refused as not a workbook', async () => {
    expect(await refusal(file('text.xlsx', 'Theme,Proposed action\n'))).toMatch(
      /not a readable Excel workbook|not an Excel workbook/,
    );
  });

  it('when a part unpacks to far more than it packs (a zip bomb), then it is refused before it is unpacked', async () => {
    const bomb = zip(workbookParts(Buffer.alloc(80 * 1024 * 1024, 0x20)));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refusal(file('bomb.xlsx', bomb))).toMatch(/unpacks to \d+ MB/);
  });

  it('when a sheet has a million rows, then it is refused with the limit', async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 1_000_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
    const big = zip(workbookParts(sheetXml('A1:A1000000', rows.join(''))));
    expect(await refusal(file('million.xlsx', big))).toMatch(/1,000,000 rows/);
  }, 60_000);

  it('when a sheet has 16,384 columns, then it is read correctly, every column kept', async () => {
    const columns = Array.from({ length: 16_384 }, (_, i) => columnLetters(i + 1));
    const header = columns
      .map((c, i) => cell(`${c}1`, i === 0 ? 'Theme' : i === 1 ? 'Proposed action' : `Extra ${i}`))
      .join('');
    const values = columns.map((c, i) => cell(`${c}2`, i === 1 ? 'Wide action' : `v${i}`)).join('');
    const wide = zip(
      workbookParts(sheetXml('A1:XFD2', `<row r="1">${header}</row><row r="2">${values}</row>`)),
    );
    const started = Date.now();
    const { cells } = await readSheetCells(file('wide.xlsx', wide));
    const reading = readGrid(cells);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(reading.actions).toHaveLength(1);
    expect(reading.actions[0]?.action).toBe('Wide action');
    expect(Object.keys(reading.actions[0]?.extra ?? {})).toHaveLength(16_382);
  }, 60_000);

  it('when cells hold formulas, errors, serial dates, merged headings and hidden rows, then they are read as a person sees them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Plan');
    sheet.addRow(['Action plan 2024']);
    sheet.addRow(['Theme', 'Proposed action', '', 'Target date', 'Lead']);
    sheet.mergeCells('B2:C2');
    sheet.addRow([
      'Governance',
      'Review the constitution',
      '',
      45_382,
      { formula: '"Ann"&" Lee"', result: 'Ann Lee' },
    ]);
    sheet.addRow(['', 'Refresh the MTFS', '', { error: '#REF!' }, 'Bob Hale']);
    const hidden = sheet.addRow(['', 'Hidden but real', '', 'March 2025', 'Cat Moss']);
    hidden.hidden = true;
    const path = join(dir, 'odd.xlsx');
    await workbook.xlsx.writeFile(path);

    const { cells } = await readSheetCells(path);
    const reading = readGrid(cells);
    expect(reading.headerRow).toBe(2);
    expect(reading.actions.map((a) => [a.theme, a.action, a.lead, a.due])).toEqual([
      ['Governance', 'Review the constitution', 'Ann Lee', '2024-03-31'],
      ['Governance', 'Refresh the MTFS', 'Bob Hale', null],
      ['Governance', 'Hidden but real', 'Cat Moss', '2025-03-31'],
    ]);
    expect(reading.warnings.some((w) => w.row === 4 && /#REF!/.test(w.message))).toBe(true);
  });
});

function columnLetters(n: number): string {
  let letters = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    letters = String.fromCharCode(65 + ((x - 1) % 26)) + letters;
  return letters;
}
