/**
 * The officer's column mapping (`plans sync --map` on the first sync), kept in the workbook in a
 * very hidden sheet so every later sync reads the table the way the officer confirmed it.
 */
import type ExcelJS from 'exceljs';
import { readCell } from '../core/grid-cell.js';
import { type ColumnMap, MAPPED_ROLES, type MappedRole } from '../core/grid-mapping.js';

export const MAP_SHEET = 'PlansColumns';

export function readColumnMap(workbook: ExcelJS.Workbook): ColumnMap {
  const sheet = workbook.getWorksheet(MAP_SHEET);
  const map: ColumnMap = {};
  sheet?.eachRow((row) => {
    const heading = readCell(row.getCell(1).value).text;
    const role = readCell(row.getCell(2).value).text as MappedRole;
    if (heading !== '' && MAPPED_ROLES.includes(role)) map[heading] = role;
  });
  return map;
}

export function writeColumnMap(workbook: ExcelJS.Workbook, map: ColumnMap): void {
  if (Object.keys(map).length === 0) return;
  const existing = workbook.getWorksheet(MAP_SHEET);
  if (existing) workbook.removeWorksheet(existing.id);
  const sheet = workbook.addWorksheet(MAP_SHEET, { state: 'veryHidden' });
  for (const [heading, role] of Object.entries(map)) sheet.addRow([heading, role]);
}
