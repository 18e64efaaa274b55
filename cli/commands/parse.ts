/**
 * `plans parse FILE`: shows what the reader understood of a plan spreadsheet, touching no store,
 * so an officer can check a sheet (and fix what the warnings point at) before importing it.
 */
import type { Command } from 'commander';
import { GridError, type GridReading, readGrid } from '../../core/grid.js';
import { CliError } from '../run.js';
import { readSheetCells } from '../workbook-read.js';

interface ParseOptions {
  sheet?: string;
  json?: boolean;
}

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description(
      'Show the actions, recommendations and warnings read from a plan spreadsheet (.xlsx or .csv)',
    )
    .argument('<file>', 'the plan workbook (.xlsx) or CSV file')
    .option('--sheet <name>', 'the sheet to read (default: the first sheet with a plan table)')
    .option('--json', 'print the reading as JSON')
    .action(async (file: string, options: ParseOptions) => {
      const { sheet, cells } = await readSheetCells(file, options.sheet);
      let reading: GridReading;
      try {
        reading = readGrid(cells, { sheet });
      } catch (error) {
        if (error instanceof GridError) throw new CliError(`${file}: ${error.message}`);
        throw error;
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(toJson(sheet, reading), null, 2)}\n` : describe(sheet, reading),
      );
    });
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
    })),
    warnings: reading.warnings,
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

function describe(sheet: string, reading: GridReading): string {
  const lines = [
    `Sheet "${sheet}", headings on row ${reading.headerRow}: ${count(reading.actions.length, 'action')}, ` +
      `${count(reading.recommendations.length, 'recommendation')}, ${count(reading.warnings.length, 'warning')}`,
    '',
    tableLine(COLUMNS.map((c) => c.title)),
    tableLine(COLUMNS.map((c) => '-'.repeat(c.width))),
    ...reading.actions.map((a) =>
      tableLine([
        String(a.row),
        a.theme,
        a.action,
        a.recommendations.join(', '),
        a.directorate,
        a.lead,
        a.due ?? '',
        a.status ?? '',
      ]),
    ),
  ];
  if (reading.recommendations.length > 0) {
    lines.push('', 'Recommendations:');
    for (const r of reading.recommendations) {
      lines.push(`  ${r.number}${r.code ? ` (${r.code})` : ''}${r.text ? `  ${oneLine(r.text)}` : ''}`);
    }
  }
  if (reading.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of reading.warnings) {
      const where = [w.row === null ? null : `row ${w.row}`, w.column].filter(Boolean).join(', ');
      lines.push(`  ${where ? `${where}: ` : ''}${oneLine(w.message)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function tableLine(values: string[]): string {
  return values
    .map((value, i) => fitWidth(oneLine(value), COLUMNS[i]?.width ?? 10))
    .join('  ')
    .trimEnd();
}

function fitWidth(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' / ');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
