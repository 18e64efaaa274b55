/** What reading a plan grid gives back: shared by the reader's modules, exported from grid.ts. */
import type { ColumnRole } from './grid-header.js';
import type { Milestone, Status } from './plan.js';

export interface GridWarning {
  /** 1-based sheet row, as the officer sees it in Excel; null for the sheet as a whole. */
  row: number | null;
  /** The column's header text; null for the row as a whole. */
  column: string | null;
  message: string;
}

export interface ReadAction {
  /** 1-based sheet row the action was read from; items split from one cell share it. */
  row: number;
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
  /** 1-based sheet row of the column headings. */
  headerRow: number;
  /** Header text as written -> what the column holds. */
  columns: Record<string, ColumnRole | 'extra'>;
  recommendations: ReadRecommendation[];
  actions: ReadAction[];
  warnings: GridWarning[];
}

/** The sheet cannot be read as a plan at all: it is empty or has no recognisable header row. */
export class GridError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridError';
  }
}
