/**
 * The workbook's styles part, added to and never renumbered: a cell that needs another fill (a
 * conflict mark, or the officer's own fill put back) or a date format gets a cell format made
 * from its own with that one change, appended after the existing ones, so every index other
 * parts use still means what it meant.
 */
import type ExcelJS from 'exceljs';
import { attr, elements, escapeXml, setAttr } from './workbook-xml.js';

/** Builtin number format 14, the reader's short date (dd/mm/yyyy in the UK). */
export const SHORT_DATE_FORMAT_ID = 14;

export class StylesXml {
  private xml: string;
  private fills: string[];
  private xfs: string[];
  changed = false;

  constructor(xml: string) {
    this.xml = xml;
    this.fills = listOf(xml, 'fills', 'fill');
    this.xfs = listOf(xml, 'cellXfs', 'xf');
  }

  /** The cell format like `base` but with this fill and/or number format. */
  variant(base: number, change: { fill?: ExcelJS.Fill | null; shortDate?: boolean }): number {
    let xf =
      this.xfs[base] ?? this.xfs[0] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
    if (change.fill !== undefined) {
      const fillId = change.fill ? this.fillId(fillXml(change.fill)) : 0;
      xf = setTagAttrs(xf, { fillId: String(fillId), applyFill: '1' });
    }
    if (change.shortDate) {
      xf = setTagAttrs(xf, { numFmtId: String(SHORT_DATE_FORMAT_ID), applyNumberFormat: '1' });
    }
    // A fill put back is usually the one a format already has (the cell's own before it was marked).
    const found = this.xfs.findIndex((existing) => sameFormat(existing, xf));
    if (found >= 0) return found;
    this.xfs.push(xf);
    this.xml = append(this.xml, 'cellXfs', xf, this.xfs.length);
    this.changed = true;
    return this.xfs.length - 1;
  }

  private fillId(fill: string): number {
    const found = this.fills.indexOf(fill);
    if (found >= 0) return found;
    this.fills.push(fill);
    this.xml = append(this.xml, 'fills', fill, this.fills.length);
    this.changed = true;
    return this.fills.length - 1;
  }

  toString(): string {
    return this.xml;
  }
}

/** Formats alike but for whether they say their fill or number format applies. */
const sameFormat = (a: string, b: string) => {
  const plain = (xf: string) => xf.replace(/\s(applyFill|applyNumberFormat)="[^"]*"/g, '');
  return a === b || plain(a) === plain(b);
};

/** The items of one of the styles part's lists (`fills`, `cellXfs`…), as written. */
export function listOf(xml: string, list: string, item: string): string[] {
  const match = new RegExp(`<${list}\\b[^>]*?(?:/>|>([\\s\\S]*?)</${list}>)`).exec(xml);
  return match?.[1] ? elements(match[1], item).map((e) => e.xml) : [];
}

function append(xml: string, list: string, item: string, count: number): string {
  const close = xml.indexOf(`</${list}>`);
  if (close < 0) throw new Error(`the styles part has no <${list}>`);
  const withItem = xml.slice(0, close) + item + xml.slice(close);
  return withItem.replace(new RegExp(`<${list}\\b[^>]*>`), (tag) => setAttr(tag, 'count', String(count)));
}

function setTagAttrs(element: string, values: Record<string, string>): string {
  const tag = /^<[^>]*>/.exec(element)?.[0] ?? element;
  let updated = tag;
  for (const [name, value] of Object.entries(values)) updated = setAttr(updated, name, value);
  return updated + element.slice(tag.length);
}

/** ExcelJS's reading of a fill, as the styles part spells it (pattern fills; a gradient falls back to none). */
export function fillXml(fill: ExcelJS.Fill): string {
  if (fill.type !== 'pattern') return '<fill><patternFill patternType="none"/></fill>';
  const colour = (
    name: string,
    c: (Partial<ExcelJS.Color> & { indexed?: number; tint?: number }) | undefined,
  ) => {
    if (!c) return '';
    const parts: string[] = [];
    if (c.argb !== undefined) parts.push(`rgb="${escapeXml(c.argb)}"`);
    if (c.theme !== undefined) parts.push(`theme="${c.theme}"`);
    if (c.indexed !== undefined) parts.push(`indexed="${c.indexed}"`);
    if (c.tint !== undefined) parts.push(`tint="${c.tint}"`);
    return parts.length > 0 ? `<${name} ${parts.join(' ')}/>` : '';
  };
  const inner = colour('fgColor', fill.fgColor) + colour('bgColor', fill.bgColor);
  return `<fill><patternFill patternType="${escapeXml(fill.pattern)}"${inner ? `>${inner}</patternFill>` : '/>'}</fill>`;
}

export function styleIndexOf(cellXml: string | undefined): number {
  if (!cellXml) return 0;
  return Number(attr(/^<[^>]*>/.exec(cellXml)?.[0] ?? '', 's') ?? 0);
}
