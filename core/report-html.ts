/**
 * The progress report as one self-contained HTML page: inline CSS and SVG, no scripts, no
 * external assets, so it can be emailed, attached to committee papers, or printed on A4.
 */

import type { PlanProgress, ProgressReport, RecommendationRefLine, ReportAction } from './report.js';
import { renderStatusChart } from './report-chart.js';
import { escapeHtml as esc } from './report-escape.js';
import {
  ACTION_COLUMNS,
  backgroundParagraphs,
  CAPTION,
  chartTitle,
  DUE_SET_BY_HAND,
  dueText,
  LIST_COLUMNS,
  missedMilestonesText,
  noneText,
  progressIntro,
  reportSubtitle,
  SECTION,
  statusText,
} from './report-wording.js';

/**
 * The page runs no script and loads nothing but its own inline styles and SVG. The API sends this
 * as a header; the page carries it too, so a report saved by the CLI and opened from disk is held
 * to the same.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
@page { size: A4; margin: 15mm }
* { box-sizing: border-box }
html { -webkit-text-size-adjust: 100% }
body { margin: 0 auto; max-width: 180mm; padding: 12px; font: 10.5pt/1.45 Arial, "Helvetica Neue", Helvetica, sans-serif; color: #111; background: #fff }
h1 { font-size: 17pt; margin: 0 0 4px; letter-spacing: .01em }
h2 { font-size: 13.5pt; margin: 22px 0 6px; border-bottom: 1px solid #555; padding-bottom: 2px }
h3 { font-size: 12pt; margin: 16px 0 6px }
h4 { font-size: 11pt; margin: 14px 0 4px }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid }
p { margin: 4px 0 8px; overflow-wrap: anywhere }
.subtitle { margin: 0 0 12px; color: #333 }
.para { font-weight: bold; margin-right: .4em }
.recommendation { break-inside: avoid; page-break-inside: avoid; margin-bottom: 12px }
.rec-text { white-space: pre-line }
figure { margin: 8px 0 14px; break-inside: avoid; page-break-inside: avoid }
figure svg { display: block; width: 100%; height: auto; max-width: 100% }
figcaption { font-size: 9pt; color: #333 }
table { width: 100%; max-width: 100%; border-collapse: collapse; table-layout: fixed; margin: 4px 0 12px; font-size: 9pt }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 2px 0 4px }
th, td { border: 1px solid #666; padding: 3px 5px; vertical-align: top; text-align: left; overflow-wrap: break-word; white-space: pre-line }
thead th { background: #e8e8e8 }
tbody th { font-weight: normal }
thead { display: table-header-group }
tr { break-inside: avoid; page-break-inside: avoid }
col.wide { width: 28% }
col.note { width: 27% }
col.mid { width: 12% }
col.date { width: 10% }
col.status { width: 11% }
col.label { width: 22% }
col.rec { width: 16% }
.flag { font-weight: bold; white-space: nowrap }
.none { font-style: italic }
svg, .flag { -webkit-print-color-adjust: exact; print-color-adjust: exact }
/* On screen the columns take their words' widths, so a word is never split ("Directora te"); only the
   long text columns (the action, the progress note) may break an over-long run such as a link. */
@media screen { table { table-layout: auto } col[class] { width: auto } th, td { overflow-wrap: normal } tbody th, td.text { overflow-wrap: anywhere } }
@media print { body { max-width: none; padding: 0 } h2 { margin-top: 16px } }
`;

export function renderReportHtml(report: ProgressReport): string {
  const single = report.plans.length === 1 ? report.plans[0] : undefined;
  const body = single
    ? planBody(report, single, 2, 0)
    : report.plans.length === 0
      ? `<p class="none">There are no plans for this council yet.</p>`
      : report.plans
          .map(
            (plan, index) =>
              `<section class="plan" aria-labelledby="plan-${index}"><h2 id="plan-${index}">${esc(plan.title)}</h2>${planBody(report, plan, 3, index)}</section>`,
          )
          .join('');
  return [
    '<!doctype html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(single ? `${report.title}: ${single.title}` : report.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${esc(report.title)}</h1>`,
    `<p class="subtitle">${esc(single ? `${single.title} · ${reportSubtitle(report)}` : reportSubtitle(report))}</p>`,
    '</header>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function planBody(report: ProgressReport, plan: PlanProgress, level: number, index: number): string {
  const h = (text: string, offset = 0) => `<h${level + offset}>${esc(text)}</h${level + offset}>`;
  const para = (number: string, text: string) => `<p><span class="para">${number}</span>${esc(text)}</p>`;
  const { period } = report;
  const background = backgroundParagraphs(plan, period).map((text, i) => para(`1.${i + 1}`, text));
  const bars = plan.statusByRecommendation;
  const chart =
    bars.length === 0
      ? ''
      : `<figure>${renderStatusChart(bars, { id: `chart-${index}`, title: chartTitle(plan) })}<figcaption>${esc(
          `Figure ${index + 1}: actions by status for each recommendation, as at the report date. Counts are shown on each bar; the tables below give every action.`,
        )}</figcaption></figure>`;
  return [
    `<section aria-label="${esc(SECTION.background)}">`,
    h(SECTION.background),
    ...background,
    '</section>',
    `<section aria-label="${esc(SECTION.progress)}">`,
    h(SECTION.progress),
    para('2.1', progressIntro(plan, period)),
    ...(missedMilestonesText(plan) ? [para('2.2', missedMilestonesText(plan) as string)] : []),
    chart,
    ...plan.recommendations.map(
      (r) =>
        `<section class="recommendation">${h(r.label, 1)}${r.text ? `<p class="rec-text">${esc(r.text)}</p>` : ''}${
          r.actions.length > 0
            ? actionTable(r.actions, `Actions for ${r.label}`)
            : `<p class="none">${esc('No action answers this recommendation yet.')}</p>`
        }</section>`,
    ),
    plan.otherActions.length > 0
      ? `<section class="recommendation">${h(SECTION.otherActions, 1)}${actionTable(plan.otherActions, CAPTION.otherActions)}</section>`
      : '',
    listSection(
      h(SECTION.complete, 1),
      plan.complete,
      CAPTION.complete(report.asOf),
      noneText('complete', report.asOf),
    ),
    listSection(
      h(SECTION.rolledForward(period), 1),
      plan.rolledForward,
      CAPTION.rolledForward(period),
      noneText('rolledForward', report.asOf),
    ),
    listSection(
      h(SECTION.overdue, 1),
      plan.overdue,
      CAPTION.overdue(report.asOf),
      noneText('overdue', report.asOf),
    ),
    `<section>${h(SECTION.unlinked, 1)}${
      plan.unlinked.length > 0
        ? recommendationTable(plan.unlinked, CAPTION.unlinked)
        : `<p class="none">${esc(noneText('unlinked', report.asOf))}</p>`
    }</section>`,
    '</section>',
  ].join('\n');
}

const headRow = (columns: readonly string[]) =>
  `<thead><tr>${columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead>`;

function dueCell(a: ReportAction): string {
  const flags = [a.overdue ? 'Overdue' : '', a.rolledForward ? 'Rolled forward' : ''].filter(Boolean);
  const byHand = a.dueSetByHand ? `<br>(${esc(DUE_SET_BY_HAND)})` : '';
  return `<td>${esc(dueText(a))}${byHand}${flags.map((f) => `<br><span class="flag">${esc(f)}</span>`).join('')}</td>`;
}

function actionTable(actions: readonly ReportAction[], caption: string): string {
  const rows = actions.map(
    (a) =>
      `<tr><th scope="row">${esc(a.action)}</th><td>${esc(a.directorate)}</td><td>${esc(a.lead)}</td>${dueCell(a)}<td>${esc(statusText(a))}</td><td class="text">${esc(a.progress)}</td></tr>`,
  );
  return `<table><caption>${esc(caption)}</caption><colgroup><col class="wide"><col class="mid"><col class="mid"><col class="date"><col class="status"><col class="note"></colgroup>${headRow(ACTION_COLUMNS)}<tbody>${rows.join('')}</tbody></table>`;
}

function listSection(
  heading: string,
  actions: readonly ReportAction[],
  caption: string,
  none: string,
): string {
  if (actions.length === 0) return `<section>${heading}<p class="none">${esc(none)}</p></section>`;
  const rows = actions.map(
    (a) =>
      `<tr><th scope="row">${esc(a.action)}</th><td>${esc(a.answers.join(', '))}</td><td>${esc(a.directorate)}</td><td>${esc(a.lead)}</td>${dueCell(a)}<td>${esc(statusText(a))}</td></tr>`,
  );
  return `<section>${heading}<table><caption>${esc(caption)}</caption><colgroup><col class="wide"><col class="rec"><col class="mid"><col class="mid"><col class="date"><col class="status"></colgroup>${headRow(LIST_COLUMNS)}<tbody>${rows.join('')}</tbody></table></section>`;
}

function recommendationTable(lines: readonly RecommendationRefLine[], caption: string): string {
  const rows = lines.map(
    (r) => `<tr><th scope="row">${esc(r.label)}</th><td class="text">${esc(r.text)}</td></tr>`,
  );
  return `<table><caption>${esc(caption)}</caption><colgroup><col class="label"><col></colgroup>${headRow(['Recommendation', 'What the peer team recommended'])}<tbody>${rows.join('')}</tbody></table>`;
}
