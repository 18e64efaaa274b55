/**
 * Options of the commands that read a plan's columns (`parse`, `import`, `sync`): kept apart from
 * those commands so that `plans sync` loads none of the spreadsheet reading it does not use.
 */
import { type ColumnMap, ColumnMapError, parseColumnMap } from '../../core/grid-mapping.js';
import { CliError } from '../run.js';

export const SHEET_OPTION_HELP =
  'read only this sheet (repeat for several; default: every sheet with a plan table)';
export const MAP_OPTION_HELP =
  'say what columns hold, overriding the reading: "Who by?=lead,What?=theme" (a heading or column letter = theme, action, recommendation, reference, detail, directorate, lead, timescale, status, progress or extra)';

/** Repeated --sheet options collect into a list. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function readMapOption(text: string | undefined): ColumnMap {
  if (text === undefined) return {};
  try {
    return parseColumnMap(text);
  } catch (error) {
    if (error instanceof ColumnMapError) throw new CliError(`--map: ${error.message}`);
    throw error;
  }
}
