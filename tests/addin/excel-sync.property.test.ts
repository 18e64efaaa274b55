/**
 * Sync convergence through the Excel adapter (tests/functions/sync.property.test.ts runs it on
 * in-memory sheets): two or three workbooks of one plan, in the strict Excel double, edit, add,
 * empty and sort rows and sync in random order against the real API, some syncs with the officer
 * sorting, typing or filtering between the adapter's read and its write. Afterwards every workbook
 * shows what the plan holds, and no row was created twice by a sync that started again.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPlan } from '../../addin/excel-open.js';
import { ExcelSheetPort } from '../../addin/excel-port.js';
import { syncKeepingUp } from '../../addin/excel-sync.js';
import { type Plan, Plan as PlanSchema } from '../../core/plan.js';
import { PLAN_HEADINGS } from '../../core/sheet-table.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { apiTransport } from '../support/transport.js';
import { FakeExcel } from './fake-excel.js';

let api: TestApi;
let policy: string;

beforeAll(async () => {
  api = await createTestApi('excel-converge');
  policy = await api.token({ council: 'chorley', role: 'policy', name: 'Policy' });
});

const col = (heading: (typeof PLAN_HEADINGS)[number]) => PLAN_HEADINGS.indexOf(heading);
const LEADS = ['Ann', 'Bob', 'Cat'];

type Meanwhile = 'none' | 'sort' | 'type' | 'filter';
type Step =
  | { kind: 'edit'; copy: number; row: number; value: number }
  | { kind: 'create'; copy: number; value: number }
  | { kind: 'empty'; copy: number; row: number }
  | { kind: 'sort'; copy: number }
  | { kind: 'sync'; copy: number; meanwhile: Meanwhile };

const copy = fc.nat(2);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), copy, row: fc.nat(10), value: fc.nat(2) }),
  fc.record({ kind: fc.constant('create' as const), copy, value: fc.nat(2) }),
  fc.record({ kind: fc.constant('empty' as const), copy, row: fc.nat(10) }),
  fc.record({ kind: fc.constant('sort' as const), copy }),
  fc.record({
    kind: fc.constant('sync' as const),
    copy,
    meanwhile: fc.constantFrom<Meanwhile>('none', 'sort', 'type', 'filter'),
  }),
);

interface Copy {
  /** The journal key: one task pane per workbook. */
  key: string;
  excel: FakeExcel;
  sheet: string;
  /** Rows with an action in them (1-based sheet rows below the headings). */
  rows(): number[];
}

async function openCopy(plan: Plan, planId: string): Promise<Copy> {
  const res = await api.request(`/councils/chorley/plans/${planId}/actions`, { token: policy });
  const list = await res.json();
  const excel = new FakeExcel({ Sheet1: [] });
  const placed = await excel.run((context) => openPlan(context, plan, list, { api: null }));
  const name = placed.meta.sheet;
  return {
    key: `${planId}-${Math.random()}`,
    excel,
    sheet: name,
    rows: () => {
      const s = excel.sheet(name);
      const out: number[] = [];
      for (let r = 1; r < s.cells.length; r++) if (s.get(r, col('Proposed action')) !== '') out.push(r);
      return out;
    },
  };
}

const sortSheet = (c: Copy) => {
  const s = c.excel.sheet(c.sheet);
  const last = Math.max(1, ...c.rows());
  s.sortRows(1, last, (a, b) => String(a[col('Lead officer')]).localeCompare(String(b[col('Lead officer')])));
};

async function syncCopy(c: Copy, planId: string, meanwhile: Meanwhile, n: { typed: number }) {
  let done = false;
  c.excel.runs = 0;
  c.excel.onRun = (before) => {
    if (before === 0 || done) return;
    done = true;
    const s = c.excel.sheet(c.sheet);
    const rows = c.rows();
    if (meanwhile === 'sort') sortSheet(c);
    if (meanwhile === 'type' && rows.length > 0) {
      n.typed += 1;
      s.type(rows[0] as number, col('Lead officer'), LEADS[n.typed % 3] as string);
    }
    if (meanwhile === 'filter')
      s.filter(1, Math.max(1, ...rows), (cells) => cells[col('Lead officer')] !== 'Bob');
  };
  try {
    await syncKeepingUp(new ExcelSheetPort(c.excel.run), apiTransport(api, policy, 'chorley', planId), c.key);
  } finally {
    c.excel.onRun = null;
    c.excel.sheet(c.sheet).clearFilter();
  }
}

const shown = (c: Copy) =>
  c.rows().map((r) => {
    const s = c.excel.sheet(c.sheet);
    return {
      id: String(s.get(r, col('Id'))),
      action: String(s.get(r, col('Proposed action'))),
      lead: String(s.get(r, col('Lead officer'))),
    };
  });

describe('sync convergence through the Excel adapter (property)', () => {
  it('when workbooks edit, add, empty and sort rows and sync in any order, with the officer working mid-sync, then all show the plan and no row is made twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3 }),
        fc.array(step, { maxLength: 10 }),
        async (count, steps) => {
          const created = await api.request('/councils/chorley/plans', {
            method: 'POST',
            token: policy,
            json: { title: 'Excel convergence' },
          });
          const planId = (await created.json()).id as string;
          const plan = PlanSchema.parse(
            await (await api.request(`/councils/chorley/plans/${planId}`, { token: policy })).json(),
          );
          const copies: Copy[] = [];
          const first = await openCopy(plan, planId);
          const typed = { typed: 0 };
          let made = 0;
          const create = (c: Copy, value: number) => {
            made += 1;
            const s = c.excel.sheet(c.sheet);
            const r = Math.max(0, ...c.rows()) + 1;
            s.type(r, col('Proposed action'), `Action ${made}`);
            s.type(r, col('Directorate'), 'Housing');
            s.type(r, col('Lead officer'), LEADS[value % 3] as string);
          };
          for (let i = 0; i < 3; i++) create(first, i);
          await syncCopy(first, planId, 'none', typed);
          copies.push(first);
          for (let i = 1; i < count; i++) copies.push(await openCopy(plan, planId));

          for (const s of steps) {
            const c = copies[s.copy % count] as Copy;
            const rows = c.rows();
            const sheet = c.excel.sheet(c.sheet);
            if (s.kind === 'edit' && rows.length > 0)
              sheet.type(
                rows[s.row % rows.length] as number,
                col('Lead officer'),
                LEADS[s.value % 3] as string,
              );
            else if (s.kind === 'create') create(c, s.value);
            else if (s.kind === 'empty' && rows.length > 0) {
              const r = rows[s.row % rows.length] as number;
              for (const h of PLAN_HEADINGS) if (h !== 'Id') sheet.type(r, col(h), '');
            } else if (s.kind === 'sort') sortSheet(c);
            else if (s.kind === 'sync') await syncCopy(c, planId, s.meanwhile, typed);
          }
          for (const c of copies) await syncCopy(c, planId, 'none', typed);
          for (const c of copies) await syncCopy(c, planId, 'none', typed);

          const list = await (
            await api.request(`/councils/chorley/plans/${planId}/actions`, { token: policy })
          ).json();
          const server = new Map<string, { action: string; lead: string }>(
            list.actions.map((a: { id: string; action: string; lead: string }) => [a.id, a]),
          );
          // Each action typed once is in the plan at most once: a sync that started again made no copy.
          const texts = [...server.values()].map((a) => a.action);
          expect(new Set(texts).size).toBe(texts.length);
          for (const c of copies) {
            const rows = shown(c);
            expect(rows.map((r) => r.id).sort()).toEqual([...server.keys()].sort());
            for (const r of rows)
              expect({ action: r.action, lead: r.lead }).toEqual({
                action: server.get(r.id)?.action,
                lead: server.get(r.id)?.lead,
              });
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
    );
  }, 240_000);
});
