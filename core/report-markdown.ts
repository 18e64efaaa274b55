/**
 * The progress report as Markdown, for pasting into a committee paper or a wiki: headings and
 * tables only, and no HTML, so it renders the same everywhere (and nothing an officer typed can
 * become markup).
 */

import type { PlanProgress, ProgressReport, ReportAction } from './report.js';
import { CHART_ORDER } from './report-chart.js';
import {
  markdownCell as cell,
  escapeMarkdownInline as inline,
  escapeMarkdown as md,
} from './report-escape.js';
import {
  ACTION_COLUMNS,
  backgroundParagraphs,
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

export function renderReportMarkdown(report: ProgressReport): string {
  const single = report.plans.length === 1 ? report.plans[0] : undefined;
  const blocks = [
    `# ${inline(report.title)}`,
    md(single ? `${single.title} · ${reportSubtitle(report)}` : reportSubtitle(report)),
  ];
  if (single) blocks.push(...planBlocks(report, single, 2));
  else if (report.plans.length === 0) blocks.push('There are no plans for this council yet.');
  else
    for (const plan of report.plans) blocks.push(`## ${inline(plan.title)}`, ...planBlocks(report, plan, 3));
  return `${blocks.join('\n\n')}\n`;
}

function planBlocks(report: ProgressReport, plan: PlanProgress, level: number): string[] {
  const h = (text: string, offset = 0) => `${'#'.repeat(level + offset)} ${inline(text)}`;
  const { period } = report;
  const blocks = [
    h(SECTION.background),
    ...backgroundParagraphs(plan, period).map((text, i) => `1.${i + 1} ${inline(text)}`),
    h(SECTION.progress),
    `2.1 ${inline(progressIntro(plan, period))}`,
  ];
  const missed = missedMilestonesText(plan);
  if (missed) blocks.push(`2.2 ${inline(missed)}`);
  if (plan.statusByRecommendation.length > 0) blocks.push(statusTable(plan));
  for (const r of plan.recommendations) {
    blocks.push(h(r.label, 1));
    if (r.text) blocks.push(multiline(r.text));
    blocks.push(
      r.actions.length > 0 ? actionTable(r.actions) : '_No action answers this recommendation yet._',
    );
  }
  if (plan.otherActions.length > 0) blocks.push(h(SECTION.otherActions, 1), actionTable(plan.otherActions));
  const list = (title: string, actions: readonly ReportAction[], none: string) => [
    h(title, 1),
    actions.length > 0 ? listTable(actions) : `_${inline(none)}_`,
  ];
  blocks.push(
    ...list(SECTION.complete, plan.complete, noneText('complete', report.asOf)),
    ...list(SECTION.rolledForward(period), plan.rolledForward, noneText('rolledForward', report.asOf)),
    ...list(SECTION.overdue, plan.overdue, noneText('overdue', report.asOf)),
    h(SECTION.unlinked, 1),
    plan.unlinked.length > 0
      ? table(
          ['Recommendation', 'What the peer team recommended'],
          plan.unlinked.map((r) => [r.label, r.text]),
        )
      : `_${inline(noneText('unlinked', report.asOf))}_`,
  );
  return blocks;
}

/** Line breaks the officer typed are kept as hard breaks (a backslash at the end of the line). */
function multiline(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => md(line.trim()))
    .filter((line) => line !== '')
    .join('\\\n');
}

function table(headings: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headings), `|${headings.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

function dueWithFlags(a: ReportAction): string {
  return [
    dueText(a),
    a.dueSetByHand ? `(${DUE_SET_BY_HAND})` : '',
    a.overdue ? '(overdue)' : '',
    a.rolledForward ? '(rolled forward)' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function actionTable(actions: readonly ReportAction[]): string {
  return table(
    ACTION_COLUMNS,
    actions.map((a) => [a.action, a.directorate, a.lead, dueWithFlags(a), statusText(a), a.progress]),
  );
}

function listTable(actions: readonly ReportAction[]): string {
  return table(
    LIST_COLUMNS,
    actions.map((a) => [
      a.action,
      a.answers.join(', '),
      a.directorate,
      a.lead,
      dueWithFlags(a),
      statusText(a),
    ]),
  );
}

/** The chart's numbers as a table: Markdown has no pictures of its own. */
function statusTable(plan: PlanProgress): string {
  const shown = CHART_ORDER.filter((s) => plan.statusByRecommendation.some((b) => b.counts[s] > 0));
  return table(
    ['Recommendation', ...shown, 'Total'],
    plan.statusByRecommendation.map((bar) => [
      bar.label,
      ...shown.map((s) => String(bar.counts[s])),
      String(CHART_ORDER.reduce((sum, s) => sum + bar.counts[s], 0)),
    ]),
  );
}
