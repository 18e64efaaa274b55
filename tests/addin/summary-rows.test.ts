import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InPageWorkbook } from '../../addin/inpage-host.js';
import {
  OVERDUE_HEADER,
  planTitlesOf,
  STATUS_COLOURS,
  SUMMARY_SHEET,
  SummaryNotAPlanError,
  SummarySheetTakenError,
  statusTable,
  summaryLayout,
  summaryMessage,
  TABLE_HEADER,
} from '../../addin/summary-rows.js';
import { STATUSES } from '../../core/plan.js';
import { STATUS_KEYS, summarise } from '../../core/summary.js';
import { buildPlan, COUNCIL } from './memory-plan-server.js';
import { AS_OF, PLANS, planned, summaryOf } from './summary-fixtures.js';

/** The recommendation the fixture's actions link to, in the plan's register. */
const REGISTERED = { plan: 'P1', number: '1', text: 'Refresh the strategy', theme: null, code: null };

const sum = (cells: readonly (string | number)[]) =>
  cells.reduce<number>((total, cell) => total + (typeof cell === 'number' ? cell : 0), 0);

describe('summary rows: the council summary as 2-D arrays', () => {
  it('when the table is shaped, then its columns are the statuses in order, then Total', () => {
    const table = statusTable(summaryOf(12));
    expect(table[0]).toEqual(['Directorate', ...STATUS_KEYS, 'Total']);
    expect(TABLE_HEADER).toHaveLength(STATUS_KEYS.length + 2);
    expect(table.at(-1)?.[0]).toBe('Total');
    expect(table.every((row) => row.length === TABLE_HEADER.length)).toBe(true);
  });

  it('property: every directorate row sums to its Total, and the Total row is byStatus and the live count', () => {
    const action = fc.record({
      directorate: fc.constantFrom('', 'Housing', 'Finance', 'Policy and Governance', '1.10'),
      status: fc.constantFrom(null, ...STATUSES),
      deleted: fc.boolean(),
      due: fc.constantFrom(null, '2020-01-31', '2026-12-01'),
    });
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (specs) => {
        const summary = summarise(
          PLANS,
          specs.map((spec) => planned(spec)),
          [],
          AS_OF,
        );
        const [, ...body] = statusTable(summary);
        const totalRow = body.pop() as (string | number)[];
        expect(body).toHaveLength(summary.byDirectorate.length);
        for (const row of body) {
          const counts = row.slice(1, -1);
          expect(sum(counts)).toBe(row.at(-1));
        }
        expect(totalRow.slice(1, -1)).toEqual(STATUS_KEYS.map((key) => summary.byStatus[key]));
        expect(totalRow.at(-1)).toBe(summary.live);
        expect(sum(totalRow.slice(1, -1))).toBe(summary.live);
        // Each status column adds up to its total, too.
        STATUS_KEYS.forEach((_, i) => {
          expect(sum(body.map((row) => row[i + 1] as number))).toBe(totalRow[i + 1]);
        });
      }),
    );
  });

  it('when actions are overdue, then each row has the plan title, action, directorate, lead, due and status', () => {
    const summary = summarise(
      PLANS,
      [
        planned({
          action: 'Late',
          directorate: 'Resources',
          lead: 'Head of HR',
          due: '2026-03-31',
          status: null,
        }),
        planned({ action: 'Elsewhere', plan: 'P9', due: '2026-04-30', status: 'At risk' }),
        planned({ action: 'Done', due: '2026-03-31', status: 'Complete' }),
      ],
      [],
      AS_OF,
    );
    const layout = summaryLayout(summary, planTitlesOf(summary));
    expect(layout.overdue.header).toEqual(OVERDUE_HEADER);
    expect(layout.overdue.rows).toEqual([
      ['Chorley peer challenge 2025', 'Late', 'Resources', 'Head of HR', '2026-03-31', 'No status'],
      // A plan the summary does not name (out of scope) shows its id rather than nothing.
      ['P9', 'Elsewhere', 'Policy and Governance', 'Head of Policy', '2026-04-30', 'At risk'],
    ]);
    expect(layout.overdue.heading).toBe('Overdue actions (2)');
    expect(layout.title).toBe('Council summary as of 1 June 2026');
  });

  it('when recommendations have no live action, then they are listed with plan, number and text', () => {
    const summary = summaryOf(3, [
      { plan: 'P1', number: '1', text: 'Linked', theme: null, code: null },
      { plan: 'P1', number: '7', text: 'Refresh the workforce strategy', theme: null, code: null },
    ]);
    const titles = planTitlesOf(summary, [{ id: 'P1', title: 'An older title' }]);
    const layout = summaryLayout(summary, titles);
    expect(layout.unlinked.rows).toEqual([
      ['Chorley peer challenge 2025', '7', 'Refresh the workforce strategy'],
    ]);
    expect(layout.unlinked.heading).toBe('Recommendations with no live action (1)');
  });

  it('when the summary is written, then the pane says what is in it; an officer hears it is their directorates', () => {
    // Recommendation 1, which every action answers, is in the register: no dangling link to mention.
    const summary = summaryOf(6, [REGISTERED]);
    expect(summaryMessage(summary, SUMMARY_SHEET, { role: 'policy', directorates: [] })).toBe(
      'Council summary as of 1 June 2026 in the sheet "Summary": 6 live actions, 1 overdue, 0 recommendations with no live action.',
    );
    expect(
      summaryMessage(summary, SUMMARY_SHEET, { role: 'officer', directorates: ['Resources'] }),
    ).toContain('(your directorates: Resources)');
  });

  it('when the summary holds only some directorates, then it neither lists nor counts recommendations with no live action', () => {
    const summary = { ...summaryOf(6, [REGISTERED]), scope: { directorates: ['Resources'] } };
    const layout = summaryLayout(summary, planTitlesOf(summary));
    expect(layout.unlinked.heading).toBe('Recommendations with no live action');
    expect(layout.unlinked.rows).toEqual([]);
    expect(layout.unlinked.empty).toContain('Policy users see this list');
    expect(summaryMessage(summary, SUMMARY_SHEET, { role: 'officer', directorates: ['Resources'] })).toBe(
      'Council summary as of 1 June 2026 in the sheet "Summary" (your directorates: Resources): 6 live actions, 1 overdue.',
    );
  });

  it('when actions link to recommendations their register does not have, then the line counts those actions and says where to add them', () => {
    const link = (id: string, numbers: string[]) => ({ plan: 'p1', id, action: `Action ${id}`, numbers });
    const one = { ...summaryOf(6), danglingLinks: [link('a1', ['4'])] };
    expect(summaryMessage(one, SUMMARY_SHEET, { role: 'policy', directorates: [] })).toBe(
      'Council summary as of 1 June 2026 in the sheet "Summary": 6 live actions, 1 overdue, 0 recommendations with no live action; 1 action links to a recommendation its plan\'s register does not have (Plan details lists them).',
    );
    const two = { ...summaryOf(6), danglingLinks: [link('a1', ['4']), link('a2', ['4', '7'])] };
    expect(summaryMessage(two, SUMMARY_SHEET, { role: 'policy', directorates: [] })).toContain(
      "; 2 actions link to recommendations their plan's register does not have (Plan details lists them).",
    );
    expect(summaryMessage(two, SUMMARY_SHEET, { role: 'officer', directorates: ['Resources'] })).toContain(
      'does not have (tell your policy team).',
    );
  });

  it('every status has a chart colour', () => {
    expect(Object.keys(STATUS_COLOURS).sort()).toEqual([...STATUS_KEYS].sort());
  });
});

describe('the in-page Summary tab', () => {
  it('when the summary is written twice, then there is one Summary tab, showing the newer numbers', async () => {
    const workbook = new InPageWorkbook(null);
    await workbook.writeSummary(summaryOf(4), {});
    const written = await workbook.writeSummary(summaryOf(9), {});

    expect(written.sheet).toBe(SUMMARY_SHEET);
    expect(workbook.sheets.map((s) => s.name)).toEqual(['Sheet1']);
    expect(workbook.summarySheet?.layout.table.at(-1)?.at(-1)).toBe(9);
    await expect(workbook.activeSheetName()).resolves.toBe(SUMMARY_SHEET);
  });

  it('when the Summary tab is showing, then it cannot be adopted as a plan', async () => {
    const workbook = new InPageWorkbook(null);
    await workbook.writeSummary(summaryOf(2), {});
    await expect(workbook.adoptSheet({ council: COUNCIL, plan: buildPlan().id, api: null })).rejects.toThrow(
      SummaryNotAPlanError,
    );
  });

  it('when a plan sheet is already called Summary, then the summary is refused in plain words', async () => {
    const workbook = new InPageWorkbook(null);
    await workbook.openPlan({ ...buildPlan(), title: 'Summary' }, { cursor: 0, actions: [] }, { api: null });
    await expect(workbook.writeSummary(summaryOf(2), {})).rejects.toThrow(SummarySheetTakenError);
  });
});
