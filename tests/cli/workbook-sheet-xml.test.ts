import { describe, expect, it } from 'vitest';
import { SheetXml, shiftOf, shiftRange } from '../../cli/workbook-sheet-xml.js';

const SHEET = (rows: string, tail = '') =>
  `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C6"/><sheetData>${rows}</sheetData>${tail}</worksheet>`;
const row = (r: number, ...cells: string[]) =>
  `<row r="${r}" ht="20" customHeight="1">${cells.map((v, i) => `<c r="${'ABC'[i]}${r}" s="2" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`;

describe('shiftRange', () => {
  const moved = shiftOf([4, 5]);
  it('when rows inside a range are removed, then it ends that many rows higher', () => {
    expect(shiftRange('A2:C9', moved)).toBe('A2:C7');
  });
  it('when a range starts or ends on a removed row, then that end moves to the nearest row kept', () => {
    expect(shiftRange('B4:B6', moved)).toBe('B4:B4');
    expect(shiftRange('B3:B5', moved)).toBe('B3:B3');
  });
  it('when every row of a range is removed, then the range is gone', () => {
    expect(shiftRange('A4:C5', moved)).toBeNull();
  });
  it('when a range lies above the removed rows, then it stays', () => {
    expect(shiftRange('A1:C3', moved)).toBe('A1:C3');
  });
});

describe('SheetXml', () => {
  it('when a row is removed, then rows below move up with their cells, and merges, formats and validation below follow', () => {
    const sheet = new SheetXml(
      SHEET(
        row(1, 'Theme', 'Action') + row(2, 'a', 'one') + row(3, 'b', 'two') + row(4, 'c', 'three'),
        '<mergeCells count="2"><mergeCell ref="A3:A4"/><mergeCell ref="B2:B2"/></mergeCells><conditionalFormatting sqref="B2:B40"><cfRule type="expression" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting><dataValidations count="1"><dataValidation type="list" sqref="C2:C4 E9"><formula1>"x"</formula1></dataValidation></dataValidations>',
      ),
    );
    sheet.removeRows([2]);
    const xml = sheet.toString();
    expect(xml).toContain(row(2, 'b', 'two'));
    expect(xml).toContain(row(3, 'c', 'three'));
    expect(xml).not.toContain('<row r="4"');
    expect(xml).toContain('<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>');
    expect(xml).toContain('<conditionalFormatting sqref="B2:B39">');
    expect(xml).toContain('sqref="C2:C3 E8"');
  });

  it('when cells of one row are set, then only that row is rebuilt, in column order, keeping its own attributes', () => {
    const before = SHEET(row(1, 'Theme', 'Action') + row(2, 'a', 'one'));
    const sheet = new SheetXml(before);
    sheet.setCells(
      2,
      new Map([
        [3, '<c r="C2" t="inlineStr"><is><t>new</t></is></c>'],
        [1, null],
      ]),
    );
    expect(sheet.toString()).toBe(
      before.replace(
        row(2, 'a', 'one'),
        '<row r="2" ht="20" customHeight="1"><c r="B2" s="2" t="inlineStr"><is><t>one</t></is></c><c r="C2" t="inlineStr"><is><t>new</t></is></c></row>',
      ),
    );
  });

  it('when nothing is changed, then the part reads back character for character', () => {
    const xml = SHEET(
      row(1, 'Theme', 'Action') + row(3, 'a & b', 'one'),
      '<extLst><ext uri="{X}"/></extLst>',
    );
    expect(new SheetXml(xml).toString()).toBe(xml);
  });
});
