/**
 * A whole workbook: every sheet is read and every plan table found goes into one reading, so a
 * plan kept as one sheet per inspection area is read whole. Where a table has no theme column,
 * the sheet's name is the theme of its actions (it is what the officer called that part).
 */

import { type ReadGridOptions, readRows, readSheet } from './grid.js';
import type { Cell } from './grid-cell.js';
import { HEADER_SEARCH_ROWS, NO_HEADER_EXPECTATION } from './grid-header.js';
import type { ColumnMap } from './grid-mapping.js';
import { RecommendationList } from './grid-recommendations.js';
import { GridError, type GridReading } from './grid-types.js';

export interface WorkbookSheet {
  name: string;
  cells: Cell[][];
  formats?: ReadGridOptions['formats'];
  merges?: readonly string[];
}

export interface ReadWorkbookOptions {
  /** Read only these sheets (names as the officer types them, case aside); default: every sheet. */
  sheets?: readonly string[];
  map?: ColumnMap;
}

export function readWorkbookGrids(
  sheets: readonly WorkbookSheet[],
  options: ReadWorkbookOptions = {},
): GridReading {
  const chosen = chooseSheets(sheets, options.sheets);
  const recommendations = new RecommendationList();
  const readings: { sheet: WorkbookSheet; reading: GridReading }[] = [];
  const notPlans: string[] = [];
  for (const sheet of chosen) {
    const rows = readRows(sheet.cells, sheet.formats);
    const reading = readSheet(
      rows,
      { sheet: sheet.name, map: options.map, merges: sheet.merges },
      recommendations,
    );
    if (reading) readings.push({ sheet, reading });
    else if (rows.some((row) => row.some((cell) => cell.text !== ''))) notPlans.push(sheet.name);
  }
  const [first] = readings;
  if (!first) {
    const [only] = chosen;
    if (chosen.length === 1 && only) {
      const where = `sheet "${only.name}"`;
      throw new GridError(
        notPlans.length === 0
          ? `${where} is empty: ${NO_HEADER_EXPECTATION}`
          : `no header row found in ${where}: ${NO_HEADER_EXPECTATION} within the first ${HEADER_SEARCH_ROWS} rows`,
      );
    }
    const names = chosen.map((s) => `"${s.name}"`).join(', ');
    throw new GridError(`no plan table found in ${names || 'the workbook'}: ${NO_HEADER_EXPECTATION}`);
  }
  const byName = readings.length > 1;
  const merged: GridReading = {
    headerRow: first.reading.headerRow,
    columns: first.reading.columns,
    recommendations: recommendations.list(),
    actions: [],
    warnings: notPlans.map((name) => ({
      sheet: name,
      row: null,
      column: null,
      message: `no plan table on this sheet (${NO_HEADER_EXPECTATION}), so it was not read`,
    })),
    tables: [],
    skipped: [],
  };
  for (const { sheet, reading } of readings) {
    const hasTheme = reading.tables.some((t) => t.plan && t.columns.some((c) => c.role === 'theme'));
    for (const action of reading.actions) {
      merged.actions.push({
        ...action,
        sheet: sheet.name,
        theme: action.theme === '' && byName && !hasTheme ? sheet.name : action.theme,
      });
    }
    merged.warnings.push(...reading.warnings.map((w) => ({ ...w, sheet: sheet.name })));
    merged.skipped.push(...reading.skipped.map((s) => ({ ...s, sheet: sheet.name })));
    merged.tables.push(...reading.tables.map((t) => ({ ...t, sheet: sheet.name })));
  }
  return merged;
}

function chooseSheets(
  sheets: readonly WorkbookSheet[],
  names: readonly string[] | undefined,
): WorkbookSheet[] {
  if (!names || names.length === 0) return [...sheets];
  const key = (name: string) => name.trim().toLowerCase();
  return names.map((name) => {
    const sheet = sheets.find((s) => s.name === name) ?? sheets.find((s) => key(s.name) === key(name));
    if (!sheet) {
      throw new GridError(
        `sheet "${name}" not found: the workbook has ${sheets.map((s) => `"${s.name}"`).join(', ')}`,
      );
    }
    return sheet;
  });
}
