/**
 * One spreadsheet cell as text. ExcelJS and Office.js hand over values in different shapes
 * (rich text, hyperlinks, formula results, error values, dates, serial numbers); the grid reader
 * wants plain text, plus a date when the cell holds one, plus a reason when a value was unreadable.
 */
import { toIsoDate, withoutControlCharacters } from './plan.js';

export interface RichTextCell {
  richText: { text: string }[];
}
export interface HyperlinkCell {
  text: string | RichTextCell;
  hyperlink?: string;
}
export interface FormulaCell {
  formula?: string;
  sharedFormula?: string;
  result?: string | number | boolean | Date | ErrorCell;
}
export interface ErrorCell {
  error: string;
}

/** A cell value as ExcelJS (`cell.value`) or Office.js (`range.values`) gives it. */
export type Cell =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | RichTextCell
  | HyperlinkCell
  | FormulaCell
  | ErrorCell;

export interface CellReading {
  text: string;
  /** ISO date when the cell held a real date (not text that looks like one). */
  date: string | null;
  /** The number when the cell held one: in a date column it may be an Excel serial date. */
  number: number | null;
  /** Why the value could not be read, e.g. an error value; the text is then blank. */
  problem: string | null;
  /** The cell holds a formula (what it reads as is the formula's result). */
  formula: boolean;
  /** The text is the date as its display format shows it ("Jun-04"), and the date the end of that period. */
  shown?: boolean;
}

export const BLANK_CELL: CellReading = { text: '', date: null, number: null, problem: null, formula: false };
const BLANK = BLANK_CELL;
const textCell = (value: string): CellReading => ({ ...BLANK, text: value });
const problemCell = (why: string): CellReading => ({ ...BLANK, problem: why });

/** Office.js gives error values as text such as "#REF!". */
const EXCEL_ERROR =
  /^#(?:REF!|VALUE!|N\/A|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BUSY!|GETTING_DATA|UNKNOWN!|BLOCKED!|CONNECT!|EXTERNAL!|PYTHON!)$/i;

/** Excel counts days from 30 Dec 1899 (its 1900 leap-year bug only matters before March 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Serial numbers this far apart cover 1954-2119: a number in that range in a date column is a date. */
export const SERIAL_DATE_MIN = 20_000;
export const SERIAL_DATE_MAX = 80_000;

export function isSerialDate(value: number): boolean {
  return Number.isFinite(value) && value >= SERIAL_DATE_MIN && value <= SERIAL_DATE_MAX;
}

export function serialToIsoDate(serial: number): string {
  return toIsoDate(new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS));
}

/** Spreadsheet column letters: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = Math.max(0, Math.floor(index)) + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** What makes a cell's text more than one plain line: line ends and the spaces made plain. */
const NOT_ONE_PLAIN_LINE = /[\r\n\u00a0\u2007\u202f]/;

/** Trims the cell and each line, and makes line breaks and non-breaking spaces plain. */
export function cleanText(text: string): string {
  // Most cells are one plain line: trimmed, without splitting and joining its lines (every cell
  // of a sync passes here, and those copies were much of what the collector had to clear).
  if (!NOT_ONE_PLAIN_LINE.test(text)) return withoutControlCharacters(text).trim();
  return withoutControlCharacters(text.replace(/\r\n?/g, '\n'))
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n')
    .trim();
}

export function readCell(value: unknown): CellReading {
  return readValue(value, 0);
}

function readValue(value: unknown, depth: number): CellReading {
  if (value === null || value === undefined) return BLANK;
  switch (typeof value) {
    case 'string': {
      const cleaned = cleanText(value);
      return EXCEL_ERROR.test(cleaned)
        ? problemCell(`the cell shows the error ${cleaned}`)
        : textCell(cleaned);
    }
    case 'number':
      // String() already writes 3 rather than 3.0, which is what the officer typed.
      return { ...textCell(String(value)), number: value };
    case 'boolean':
      return textCell(value ? 'TRUE' : 'FALSE');
    case 'bigint':
      return textCell(value.toString());
    case 'object':
      return value instanceof Date ? readDate(value) : readObject(value, depth);
    default:
      return BLANK;
  }
}

function readDate(value: Date): CellReading {
  const time = value.getTime();
  const year = Number.isNaN(time) ? Number.NaN : value.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return problemCell('the cell holds a date Excel cannot show');
  const date = toIsoDate(value);
  return { ...textCell(date), date };
}

function readObject(value: object, depth: number): CellReading {
  // Guards against a hyperlink whose text is a formula whose result is ... from a hostile file.
  if (depth > 4) return problemCell('the cell value is nested too deeply to read');
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.richText)) {
    const text = record.richText
      .map((run: unknown) =>
        run && typeof run === 'object' ? (run as Record<string, unknown>).text : undefined,
      )
      .filter((t): t is string => typeof t === 'string')
      .join('');
    return readValue(text, depth + 1);
  }
  if ('error' in record) {
    return problemCell(`the cell shows the error ${safeString(record.error)}`);
  }
  if ('formula' in record || 'sharedFormula' in record) {
    if (record.result === undefined || record.result === null) {
      const formula = safeString(record.formula ?? record.sharedFormula);
      return {
        ...problemCell(`the formula =${formula} has no saved result (open and save it in Excel)`),
        formula: true,
      };
    }
    return { ...readValue(record.result, depth + 1), formula: true };
  }
  if ('text' in record) return readValue(record.text, depth + 1);
  if ('result' in record) return readValue(record.result, depth + 1);
  return readValue(unknownObjectText(value), depth + 1);
}

/** A shape neither ExcelJS nor Office.js documents: keep what it says rather than drop it. */
function unknownObjectText(value: object): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return safeString(value);
  }
}

/** String() can throw (objects with a hostile toString); a cell must never stop the read. */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '';
  }
}
