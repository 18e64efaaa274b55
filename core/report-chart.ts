/**
 * The report's chart: one stacked horizontal bar of action statuses per recommendation, as inline
 * SVG (the page loads nothing). Reports are often printed in black and white, so the statuses
 * differ in lightness and pattern as well as colour, every segment carries its count, and a legend
 * names them.
 */

import type { StatusCounts } from './report.js';
import { escapeHtml } from './report-escape.js';
import type { StatusKey } from './summary.js';

export interface ChartBar {
  label: string;
  counts: StatusCounts;
}

interface StatusLook {
  fill: string;
  /** The colour of the count on the fill. */
  ink: string;
  /** Diagonal stripes in this colour over the fill. */
  stripe?: string;
  dots?: boolean;
}

/** Best news first, so the bars read left to right from done to not begun. */
export const CHART_ORDER: readonly StatusKey[] = [
  'Complete',
  'On track',
  'Ongoing',
  'At risk',
  'Off track',
  'Not started',
  'No status',
];

/** Lightness steps apart in greyscale; the two darkest and the two lightest differ by pattern. */
const LOOK: Record<StatusKey, StatusLook> = {
  Complete: { fill: '#1f5f3a', ink: '#fff' },
  'On track': { fill: '#5aa469', ink: '#000' },
  Ongoing: { fill: '#9ecae1', ink: '#000' },
  'At risk': { fill: '#f0b429', ink: '#000', dots: true },
  'Off track': { fill: '#b42318', ink: '#000', stripe: '#ffffff' },
  'Not started': { fill: '#c4c9d0', ink: '#000' },
  'No status': { fill: '#ffffff', ink: '#000', stripe: '#8a8f98' },
};

const WIDTH = 680;
const LABEL_RIGHT = 150;
const BAR_X = 160;
const BAR_WIDTH = 470;
const ROW = 26;
const BAR_HEIGHT = 18;
const TOP = 6;
const LABEL_CHARS = 24;
const FONT = 'font-family="Arial, Helvetica, sans-serif" font-size="11"';

const slug = (status: StatusKey) => status.toLowerCase().replace(/[^a-z]+/g, '-');
const paintOf = (id: string, status: StatusKey) => {
  const look = LOOK[status];
  return look.stripe || look.dots ? `url(#${id}-${slug(status)})` : look.fill;
};
const shortened = (text: string) => (text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text);
/** A count on its segment; on a pattern it gets a white halo, so it stays legible in greyscale. */
function countText(x: number, y: number, status: StatusKey, count: number): string {
  const look = LOOK[status];
  const halo = look.stripe || look.dots ? ' stroke="#fff" stroke-width="3" paint-order="stroke"' : '';
  return `<text x="${x.toFixed(1)}" y="${y}" text-anchor="middle" ${FONT} font-weight="bold" fill="${look.ink}"${halo}>${count}</text>`;
}

function patterns(id: string): string {
  return CHART_ORDER.flatMap((status) => {
    const look = LOOK[status];
    const pid = `${id}-${slug(status)}`;
    if (look.stripe)
      return `<pattern id="${pid}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${look.fill}"/><rect width="2" height="6" fill="${look.stripe}"/></pattern>`;
    if (look.dots)
      return `<pattern id="${pid}" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="${look.fill}"/><circle cx="2.5" cy="2.5" r="1.2" fill="#000" fill-opacity="0.6"/></pattern>`;
    return [];
  }).join('');
}

function describe(bars: readonly ChartBar[]): string {
  return bars
    .map((bar) => {
      const parts = CHART_ORDER.filter((s) => bar.counts[s] > 0).map((s) => `${bar.counts[s]} ${s}`);
      return `${bar.label}: ${parts.length > 0 ? parts.join(', ') : 'no actions'}.`;
    })
    .join(' ');
}

function barRow(id: string, bar: ChartBar, index: number, scale: number): string {
  const y = TOP + index * ROW;
  const middle = y + BAR_HEIGHT / 2 + 4;
  const total = CHART_ORDER.reduce((sum, s) => sum + bar.counts[s], 0);
  const parts = [
    `<title>${escapeHtml(bar.label)}</title>`,
    `<text x="${LABEL_RIGHT}" y="${middle}" text-anchor="end" ${FONT} fill="#111">${escapeHtml(shortened(bar.label))}</text>`,
  ];
  if (total === 0) {
    parts.push(
      `<rect x="${BAR_X}" y="${y}" width="${BAR_WIDTH}" height="${BAR_HEIGHT}" fill="none" stroke="#8a8f98" stroke-dasharray="4 3"/>`,
      `<text x="${BAR_X + 6}" y="${middle}" ${FONT} font-style="italic" fill="#333">No actions</text>`,
    );
    return `<g>${parts.join('')}</g>`;
  }
  let x = BAR_X;
  for (const status of CHART_ORDER) {
    const count = bar.counts[status];
    if (count === 0) continue;
    const width = count * scale;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${paintOf(id, status)}" stroke="#222" stroke-width="0.6"><title>${escapeHtml(`${bar.label} — ${status}: ${count}`)}</title></rect>`,
    );
    if (width >= 16) parts.push(countText(x + width / 2, middle, status, count));
    x += width;
  }
  parts.push(`<text x="${(x + 6).toFixed(1)}" y="${middle}" ${FONT} fill="#111">${total}</text>`);
  return `<g>${parts.join('')}</g>`;
}

function legend(id: string, statuses: readonly StatusKey[], top: number): { svg: string; height: number } {
  const items: string[] = [];
  let x = BAR_X;
  let y = top;
  for (const status of statuses) {
    const width = 24 + status.length * 6.5;
    if (x + width > WIDTH) {
      x = BAR_X;
      y += 20;
    }
    items.push(
      `<rect x="${x}" y="${y}" width="14" height="14" fill="${paintOf(id, status)}" stroke="#222" stroke-width="0.6"/>`,
      `<text x="${x + 19}" y="${y + 11}" ${FONT} fill="#111">${escapeHtml(status)}</text>`,
    );
    x += width + 10;
  }
  return { svg: `<g>${items.join('')}</g>`, height: y - top + 20 };
}

/** `id` must be unique in the page: the patterns are referenced by it. */
export function renderStatusChart(bars: readonly ChartBar[], options: { id: string; title: string }): string {
  const id = options.id.replace(/[^A-Za-z0-9_-]/g, '');
  const longest = Math.max(1, ...bars.map((b) => CHART_ORDER.reduce((sum, s) => sum + b.counts[s], 0)));
  // Room is left after the longest bar for its total.
  const scale = (BAR_WIDTH - 30) / longest;
  const shown = CHART_ORDER.filter((s) => bars.some((b) => b.counts[s] > 0));
  const legendTop = TOP + bars.length * ROW + 10;
  const key = legend(id, shown.length > 0 ? shown : CHART_ORDER, legendTop);
  const height = Math.ceil(legendTop + key.height + 4);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeHtml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(describe(bars))}</desc>`,
    `<defs>${patterns(id)}</defs>`,
    ...bars.map((bar, index) => barRow(id, bar, index, scale)),
    key.svg,
    '</svg>',
  ].join('');
}
