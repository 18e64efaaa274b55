/**
 * `plans parse FILE`: shows what the reader understood of a plan spreadsheet, touching no store,
 * so an officer can check a sheet (and fix what the warnings point at) before importing it. Every
 * sheet is read; each table found is shown with how each column was mapped and why, so the
 * officer confirms the mapping (or corrects it with --map) before anything is imported.
 */
import type { Command } from 'commander';
import { GridError, type GridReading, type TableReport } from '../../core/grid.js';
import { SURE } from '../../core/grid-mapping.js';
import { readWorkbookGrids } from '../../core/grid-workbook.js';
import { CliError } from '../run.js';
import { readWorkbookCells } from '../workbook-read.js';
import { collect, MAP_OPTION_HELP, readMapOption, SHEET_OPTION_HELP } from './plan-options.js';

interface ParseOptions {
  sheet?: string[];
  map?: string;
  json?: boolean;
}

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description(
      'Show the tables, column mapping, actions, recommendations and warnings read from a plan spreadsheet (.xlsx or .csv)',
    )
    .argument('<file>', 'the plan workbook (.xlsx) or CSV file')
    .option('--sheet <name>', SHEET_OPTION_HELP, collect)
    .option('--map <columns>', MAP_OPTION_HELP)
    .option('--json', 'print the reading as JSON')
    .action(async (file: string, options: ParseOptions) => {
      const reading = await readPlanFile(file, options);
      const sheet = reading.tables.find((t) => t.plan)?.sheet ?? '';
      process.stdout.write(
        options.json ? `${JSON.stringify(toJson(sheet, reading), null, 2)}\n` : describe(reading),
      );
    });
}

/** The whole file read as one plan, as parse shows it and import takes it. */
export async function readPlanFile(
  file: string,
  options: { sheet?: string[]; map?: string },
): Promise<GridReading> {
  const map = readMapOption(options.map);
  const sheets = await readWorkbookCells(file, options.sheet ?? []);
  try {
    return readWorkbookGrids(sheets, { map });
  } catch (error) {
    if (error instanceof GridError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

/** The published JSON shape: scripts depend on it, so it is spelled out field by field. */
function toJson(sheet: string, reading: GridReading) {
  return {
    sheet,
    headerRow: reading.headerRow,
    columns: reading.columns,
    recommendations: reading.recommendations.map(({ number, text }) => ({ number, text })),
    actions: reading.actions.map((a) => ({
      row: a.row,
      theme: a.theme,
      action: a.action,
      recommendations: a.recommendations,
      directorate: a.directorate,
      lead: a.lead,
      timescale: a.timescale,
      due: a.due,
      milestones: a.milestones,
      status: a.status,
      progress: a.progress,
      extra: a.extra,
      warnings: a.warnings,
      sheet: a.sheet ?? sheet,
    })),
    warnings: reading.warnings.map(({ row, column, message, sheet: where }) => ({
      row,
      column,
      message,
      sheet: where ?? sheet,
    })),
    tables: reading.tables,
    skipped: reading.skipped,
  };
}

const COLUMNS = [
  { title: 'Row', width: 5 },
  { title: 'Theme', width: 24 },
  { title: 'Action', width: 48 },
  { title: 'Recs', width: 8 },
  { title: 'Directorate', width: 22 },
  { title: 'Lead', width: 18 },
  { title: 'Due', width: 10 },
  { title: 'Status', width: 11 },
] as const;

function describe(reading: GridReading): string {
  const sheets = new Set(reading.actions.map((a) => a.sheet));
  const several = sheets.size > 1;
  const rowOf = (a: GridReading['actions'][number]) => (several ? `${a.sheet}!${a.row}` : String(a.row));
  const widths: number[] = COLUMNS.map((c) => c.width);
  widths[0] = Math.min(24, Math.max(5, ...reading.actions.map((a) => rowOf(a).length)));
  const lines = [
    ...reading.tables.flatMap(tableLines),
    `${count(reading.actions.length, 'action')}, ${count(reading.recommendations.length, 'recommendation')}, ${count(reading.warnings.length, 'warning')}`,
    '',
    tableLine(
      COLUMNS.map((c) => c.title),
      widths,
    ),
    tableLine(
      widths.map((w) => '-'.repeat(w)),
      widths,
    ),
    ...reading.actions.map((a) =>
      tableLine(
        [
          rowOf(a),
          a.theme,
          a.action,
          a.recommendations.join(', '),
          a.directorate,
          a.lead,
          a.due ?? '',
          a.status ?? '',
        ],
        widths,
      ),
    ),
  ];
  if (reading.recommendations.length > 0) {
    lines.push('', 'Recommendations:');
    for (const r of reading.recommendations) {
      lines.push(`  ${r.number}${r.code ? ` (${r.code})` : ''}${r.text ? `  ${oneLine(r.text)}` : ''}`);
    }
  }
  if (reading.skipped.length > 0) {
    lines.push('', 'Rows not taken:');
    for (const s of reading.skipped) {
      const cells = Object.entries(s.cells)
        .map(([key, text]) => `${key} "${shortened(text)}"`)
        .join(', ');
      lines.push(`  ${where(s.sheet, s.row, null)}: ${s.reason}${cells ? `; it has ${cells}` : ''}`);
    }
  }
  if (reading.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of reading.warnings) {
      const at = where(several ? w.sheet : undefined, w.row, w.column);
      lines.push(`  ${at ? `${at}: ` : ''}${oneLine(w.message)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Sheet "Action plan", table A3:E12, headings on row 3: a plan, 9 actions
 *   A  Theme        -> theme   (the heading "Theme" reads as theme)
 *   D  Column D     -> lead    check: 3 of 4 cells are names of people or posts
 */
function tableLines(table: TableReport): string[] {
  const what = table.plan ? `a plan, ${count(table.actions, 'action')}` : 'not a plan, not read';
  const lines = [
    `Sheet "${table.sheet ?? ''}", table ${table.range}, headings on row ${table.headerRow}: ${what}`,
  ];
  const width = Math.min(30, Math.max(...table.columns.map((c) => c.heading.length), 6));
  for (const column of table.columns) {
    const sure = column.confidence >= SURE;
    lines.push(
      `  ${column.column.padEnd(3)}${fitWidth(oneLine(column.heading), width)}  -> ${column.role.padEnd(15)}${
        sure ? `(${column.why})` : `check: ${column.why}`
      }`.trimEnd(),
    );
  }
  lines.push('');
  return lines;
}

function where(sheet: string | undefined, row: number | null, column: string | null): string {
  const place = [row === null ? null : `row ${row}`, column].filter(Boolean).join(', ');
  return sheet ? `sheet "${sheet}"${place ? ` ${place}` : ''}` : place;
}

function tableLine(values: string[], widths: readonly number[]): string {
  return values
    .map((value, i) => fitWidth(oneLine(value), widths[i] ?? 10))
    .join('  ')
    .trimEnd();
}

function fitWidth(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' / ');
}

function shortened(text: string): string {
  const line = oneLine(text);
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
