/** What reading a plan grid gives back: shared by the reader's modules, exported from grid.ts. */
import type { ColumnRole } from './grid-header.js';
import type { ColumnMapping } from './grid-mapping.js';
import type { Milestone, Status } from './plan.js';

export interface GridWarning {
  /** 1-based sheet row, as the officer sees it in Excel; null for the sheet as a whole. */
  row: number | null;
  /** The column's header text; null for the row as a whole. */
  column: string | null;
  message: string;
  /** The sheet, when a whole workbook was read. */
  sheet?: string;
}

/** A row that gave no action: why, and what it held, so the officer can act on it. */
export interface SkippedRow {
  /** The sheet, when a whole workbook was read. */
  sheet?: string;
  row: number;
  reason: string;
  /** Its non-blank cells, by column heading. */
  cells: Record<string, string>;
}

/** One table found on a sheet: where it is, how its columns were read, and whether it is a plan. */
export interface TableReport {
  sheet: string | null;
  /** The table's cells as Excel names them, headings included: "A4:F30". */
  range: string;
  headerRow: number;
  /** False for a table that is not an action plan (performance indicators, a budget): not read. */
  plan: boolean;
  columns: ColumnMapping[];
  actions: number;
}

export interface ReadAction {
  /** 1-based sheet row the action was read from; items split from one cell share it. */
  row: number;
  /** The sheet, when a whole workbook was read. */
  sheet?: string;
  /** The hidden id column of a synced table; null for a sheet that has never been synced. */
  id: string | null;
  theme: string;
  action: string;
  recommendations: string[];
  directorate: string;
  lead: string;
  timescale: string;
  due: string | null;
  milestones: Milestone[];
  status: Status | null;
  progress: string;
  /** Columns the product does not know (and text it could not place), keyed by header text. */
  extra: Record<string, string>;
  warnings: string[];
}

export interface ReadRecommendation {
  number: string;
  text: string;
  code: string | null;
}

export interface GridReading {
  /** 1-based sheet row of the column headings (of the first plan table). */
  headerRow: number;
  /** Header text as written -> what the column holds (in the first plan table). */
  columns: Record<string, ColumnRole | 'extra'>;
  recommendations: ReadRecommendation[];
  actions: ReadAction[];
  warnings: GridWarning[];
  /** Every table found, plan or not, with how each column was mapped and why. */
  tables: TableReport[];
  /** Every non-blank row below a header that gave no action, with the reason. */
  skipped: SkippedRow[];
}

/** The sheet cannot be read as a plan at all: it is empty or has no recognisable header row. */
export class GridError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridError';
  }
}
