/**
 * Sync convergence, as a property: two to four copies of a plan workbook make random edits,
 * creates, deletes and reorders and sync in random order. Afterwards every copy shows what the
 * server holds, and every edit a copy made is in the history or was reported back to that copy.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemorySheet } from '../../core/memory-sheet.js';
import type { ActionFields, ChangeRecord } from '../../core/plan.js';
import { ActionFields as ActionFieldsSchema } from '../../core/plan.js';
import type { Conflict, Refusal } from '../../core/sync-protocol.js';
import { syncSheet } from '../../core/sync-run.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { apiTransport } from '../support/transport.js';

let api: TestApi;
let policy: string;
let officer: string;

beforeAll(async () => {
  api = await createTestApi('converge');
  policy = await api.token({ council: 'chorley', role: 'policy', name: 'Policy' });
  officer = await api.token({
    council: 'chorley',
    role: 'officer',
    directorates: ['Housing'],
    name: 'Officer',
  });
});

type Field = 'lead' | 'status' | 'progress' | 'directorate';
const VALUES: Record<Field, string[]> = {
  lead: ['Ann', 'Bob', 'Cat'],
  status: ['On track', 'At risk', 'Complete'],
  progress: ['started', 'half way', 'done'],
  directorate: ['Housing', 'Finance'],
};

type Step =
  | { kind: 'edit'; client: number; row: number; field: Field; value: number }
  | { kind: 'create'; client: number; value: number }
  | { kind: 'delete'; client: number; row: number }
  | { kind: 'reorder'; client: number; seed: number }
  | { kind: 'sync'; client: number };

const client = fc.nat(3);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('edit' as const),
    client,
    row: fc.nat(20),
    field: fc.constantFrom<Field>('lead', 'status', 'progress', 'directorate'),
    value: fc.nat(2),
  }),
  fc.record({ kind: fc.constant('create' as const), client, value: fc.nat(2) }),
  fc.record({ kind: fc.constant('delete' as const), client, row: fc.nat(20) }),
  fc.record({ kind: fc.constant('reorder' as const), client, seed: fc.nat() }),
  fc.record({ kind: fc.constant('sync' as const), client }),
);

interface Copy {
  sheet: MemorySheet;
  officer: boolean;
  /** Edits since its last sync, by row id and field: the last value typed is what counts. */
  pending: Map<string, { id: string; field: string; value: unknown }>;
  deleted: Set<string>;
  /** Every edit it sent, and every conflict and refusal it was told of. */
  sent: { id: string; field: string; value: unknown }[];
  sentDeletes: string[];
  told: { conflicts: Conflict[]; refused: Refusal[] };
}

const fields = (overrides: Partial<ActionFields>) =>
  ActionFieldsSchema.parse({ directorate: 'Housing', action: 'An action', ...overrides });

async function syncCopy(copy: Copy, plan: string) {
  const transport = apiTransport(api, copy.officer ? officer : policy, 'chorley', plan);
  const summary = await syncSheet(copy.sheet, transport);
  copy.sent.push(...copy.pending.values());
  copy.sentDeletes.push(...copy.deleted);
  copy.pending.clear();
  copy.deleted.clear();
  copy.told.conflicts.push(...summary.conflicts);
  copy.told.refused.push(...summary.refused);
  return summary;
}

function perform(copy: Copy, s: Step, counter: { n: number }) {
  const rows = copy.sheet.rows;
  if (s.kind === 'edit' && rows.length > 0) {
    const row = rows[s.row % rows.length]!;
    const value = VALUES[s.field][s.value % VALUES[s.field].length];
    row.fields = { ...row.fields, [s.field]: value };
    if (row.id) copy.pending.set(`${row.id}/${s.field}`, { id: row.id, field: s.field, value });
  } else if (s.kind === 'create') {
    counter.n += 1;
    rows.push({ id: null, fields: fields({ action: `Created ${counter.n}`, lead: VALUES.lead[s.value] }) });
  } else if (s.kind === 'delete' && rows.length > 0) {
    const [row] = rows.splice(s.row % rows.length, 1);
    if (row?.id) {
      copy.deleted.add(row.id);
      for (const [key, edit] of copy.pending) if (edit.id === row.id) copy.pending.delete(key);
    }
  } else if (s.kind === 'reorder') {
    rows.sort(
      (a, b) => ((a.fields.action.length * 31 + s.seed) % 7) - ((b.fields.action.length * 31 + s.seed) % 7),
    );
  }
}

const shown = (f: ActionFields) => [f.action, f.lead, f.status, f.progress, f.directorate];

describe('sync convergence (property)', () => {
  it('when copies edit and sync in any order, then all converge and no edit is lost silently', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.array(step, { maxLength: 14 }),
        fc.boolean(),
        async (copies, steps, withOfficer) => {
          const plan = (
            await (
              await api.request('/councils/chorley/plans', {
                method: 'POST',
                token: policy,
                json: { title: 'P' },
              })
            ).json()
          ).id;
          const seed = new MemorySheet(
            [0, 1, 2].map((i) => ({
              id: null,
              fields: fields({ action: `Seed ${i}`, directorate: i === 2 ? 'Finance' : 'Housing' }),
            })),
          );
          await syncCopy(
            {
              sheet: seed,
              officer: false,
              pending: new Map(),
              deleted: new Set(),
              sent: [],
              sentDeletes: [],
              told: { conflicts: [], refused: [] },
            },
            plan,
          );
          const all: Copy[] = Array.from({ length: copies }, (_, i) => ({
            sheet: seed.copy(),
            officer: withOfficer && i === 0,
            pending: new Map(),
            deleted: new Set(),
            sent: [],
            sentDeletes: [],
            told: { conflicts: [], refused: [] },
          }));
          const counter = { n: 0 };
          for (const s of steps) {
            const copy = all[s.client % copies]!;
            if (s.kind === 'sync') await syncCopy(copy, plan);
            else perform(copy, s, counter);
          }
          // Quiesce: every copy sends what it has, then every copy pulls what the others sent.
          for (const copy of all) await syncCopy(copy, plan);
          for (const copy of all) {
            const again = await syncCopy(copy, plan);
            expect(again.pushed).toBe(0);
          }

          const { actions } = await (
            await api.request(`/councils/chorley/plans/${plan}/actions`, { token: policy })
          ).json();
          const server = new Map<string, ActionFields>(
            actions.map((a: ActionFields & { id: string }) => [a.id, a]),
          );
          for (const copy of all) {
            // A refused new row stays in its sheet, marked, until someone fixes it: it is not the plan's.
            const refusedNew = (id: string | null) =>
              copy.told.refused.some((r) => r.id === id) && !server.has(id as string);
            const local = new Map(
              copy.sheet.rows.filter((r) => !refusedNew(r.id)).map((r) => [r.id as string, r.fields]),
            );
            expect([...local.keys()].sort()).toEqual([...server.keys()].sort());
            for (const [id, f] of local) expect(shown(f)).toEqual(shown(server.get(id)!));
          }

          for (const copy of all) {
            for (const edit of copy.sent) {
              const reported =
                copy.told.refused.some((r) => r.id === edit.id) ||
                copy.told.conflicts.some(
                  (c) => c.id === edit.id && (c.field === edit.field || c.kind === 'deleted'),
                );
              if (reported) continue;
              const res = await api.request(`/councils/chorley/plans/${plan}/actions/${edit.id}/history`, {
                token: policy,
              });
              const history = (await res.json()).history as ChangeRecord[];
              const accepted = history.some(
                (h) => h.kind !== 'conflict' && h.field === edit.field && h.after === edit.value,
              );
              const unchanged = history.every((h) => h.field !== edit.field) && edit.value === undefined;
              expect(
                accepted || unchanged || alreadyHeld(history, edit),
                `edit ${JSON.stringify(edit)} lost`,
              ).toBe(true);
            }
            for (const id of copy.sentDeletes) {
              const reported =
                copy.told.conflicts.some((c) => c.id === id && c.kind === 'deleted') ||
                copy.told.refused.some((r) => r.id === id);
              expect(reported || !server.has(id) || wasRestoredLater(id, all), `delete of ${id} lost`).toBe(
                true,
              );
            }
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 25) },
    );
  }, 240_000);
});

/** An edit to the value the row already held changes nothing, and so leaves no record. */
function alreadyHeld(history: ChangeRecord[], edit: { field: string; value: unknown }): boolean {
  const last = history
    .filter((h) => h.kind !== 'conflict' && h.field === edit.field && h.revision !== null)
    .at(-1);
  return last === undefined ? false : last.after === edit.value;
}

/** A delete undone by another copy's edit of the same row: that copy was told, the row lives on. */
function wasRestoredLater(id: string, all: Copy[]): boolean {
  return all.some((c) => c.told.conflicts.some((x) => x.id === id && x.kind === 'deleted'));
}
