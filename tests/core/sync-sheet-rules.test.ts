/**
 * The client half of DESIGN.md's rules table, against the pure diff, apply and patch of
 * core/sync-sheet.ts: no sheet, no server. The same cases end to end are in
 * tests/functions/sync-rules.test.ts and the adapters' tests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, ActionFields } from '../../core/plan.js';
import type { SyncChange, SyncReply } from '../../core/sync-protocol.js';
import {
  applyReply,
  diffSheet,
  type ModelRow,
  patchRows,
  type SheetLayout,
  type SheetRow,
  type SyncBase,
  sheetPatch,
} from '../../core/sync-sheet.js';
import { buildAction } from '../support/factories.js';

const A = '01JD5Z4X8Q0000000000000001';
const B = '01JD5Z4X8Q0000000000000002';
const NEW = '01JD5Z4X8Q00000000000000NW';
const layout: SheetLayout = {
  paths: ['theme', 'action', 'directorate', 'lead', 'timescale', 'status', 'progress'],
};

const fieldsA = buildAction({ action: 'Open the new depot', progress: 'Contract signed', order: 1 });
const fieldsB = buildAction({ action: 'Publish the plan', progress: 'Draft ready', order: 2 });
const base: SyncBase = {
  cursor: 7,
  rows: { [A]: { id: A, version: 3, fields: fieldsA }, [B]: { id: B, version: 1, fields: fieldsB } },
};
const row = (id: string | null, fields: ActionFields, extra: Partial<SheetRow> = {}): SheetRow => ({
  id,
  fields,
  ...extra,
});
const diff = (rows: SheetRow[]) => diffSheet(base, rows, layout, () => NEW);

interface ClientRule {
  rule: string;
  rows: SheetRow[];
  changes: SyncChange[];
}

const RULES: ClientRule[] = [
  {
    rule: 'nothing edited: nothing sent',
    rows: [row(A, fieldsA), row(B, fieldsB)],
    changes: [],
  },
  {
    rule: 'rows sorted or moved: not edits, rows matched by id',
    rows: [row(B, fieldsB), row(A, fieldsA)],
    changes: [],
  },
  {
    rule: 'a cell retyped with the same meaning (trailing spaces, line endings): not an edit',
    rows: [row(A, { ...fieldsA, progress: 'Contract signed  \r\n' }), row(B, fieldsB)],
    changes: [],
  },
  {
    rule: 'a cell edited: one update with the base value and version',
    rows: [row(A, { ...fieldsA, progress: 'Works begun' }), row(B, fieldsB)],
    changes: [
      {
        op: 'update',
        id: A,
        baseVersion: 3,
        edits: [{ field: 'progress', base: 'Contract signed', mine: 'Works begun' }],
      },
    ],
  },
  {
    rule: 'a row copied and pasted (two rows, one id): the first keeps the id, the copy is new',
    rows: [row(A, fieldsA), row(A, { ...fieldsA, action: 'Copy' }), row(B, fieldsB)],
    // The copy keeps the order the id cell it copied had: it sorts beside the row it was copied from.
    changes: [{ op: 'create', id: NEW, fields: { ...fieldsA, action: 'Copy', order: 1 } }],
  },
  {
    rule: 'the id cell cleared or mangled: that row is new, the old id deleted',
    rows: [row('not-an-id', fieldsA), row(B, fieldsB)],
    changes: [
      { op: 'create', id: NEW, fields: { ...fieldsA, order: 1 } },
      { op: 'delete', id: A, baseVersion: 3 },
    ],
  },
  {
    rule: 'a row removed: a delete at its base version',
    rows: [row(B, fieldsB)],
    changes: [{ op: 'delete', id: A, baseVersion: 3 }],
  },
  {
    rule: 'a cell showing an error: not an edit',
    rows: [
      row(
        A,
        { ...fieldsA, progress: '#REF!' },
        { unsent: [{ path: 'progress', why: 'the cell shows #REF!' }] },
      ),
      row(B, fieldsB),
    ],
    changes: [],
  },
  {
    rule: 'a formula in a plan cell: its value is read for the diff',
    rows: [row(A, { ...fieldsA, progress: 'From a formula' }, { formulas: ['progress'] }), row(B, fieldsB)],
    changes: [
      {
        op: 'update',
        id: A,
        baseVersion: 3,
        edits: [{ field: 'progress', base: 'Contract signed', mine: 'From a formula' }],
      },
    ],
  },
];

describe('diffSheet: the rules table', () => {
  describe.each(RULES)('$rule', ({ rows, changes }) => {
    it('when the sheet is diffed against its base, then exactly these changes are sent', () => {
      expect(diff(rows).changes).toEqual(changes);
    });
  });
});

const server = (id: string, fields: ActionFields, overrides: Partial<Action> = {}): Action => ({
  ...fields,
  id,
  version: 4,
  revision: 8,
  updatedAt: '2026-12-01T09:00:00.000Z',
  updatedBy: 'Colleague',
  deleted: false,
  ...overrides,
});
const reply = (changes: Action[], extra: Partial<SyncReply> = {}): SyncReply => ({
  cursor: 8,
  applied: [],
  conflicts: [],
  refused: [],
  changes,
  ...extra,
});

describe('applyReply', () => {
  const model = (): ModelRow[] => [
    { id: A, fields: fieldsA },
    { id: B, fields: fieldsB },
  ];

  it("when a colleague's edit comes back, then the row and its base take it, and it counts as pulled", () => {
    const theirs = { ...fieldsA, status: 'Complete' as const };
    const result = applyReply(model(), base, [], reply([server(A, theirs)]), layout);
    expect(result.rows[0]?.fields.status).toBe('Complete');
    expect(result.base.rows[A]).toEqual({ id: A, version: 4, fields: theirs });
    expect([result.base.cursor, result.pulled]).toEqual([8, 1]);
  });

  it('when a tombstone comes back, then the row leaves the sheet and the base', () => {
    const result = applyReply(model(), base, [], reply([server(B, fieldsB, { deleted: true })]), layout);
    expect(result.rows.map((r) => r.id)).toEqual([A]);
    expect(result.base.rows).not.toHaveProperty(B);
  });

  it('when only this copy’s own change comes back, then it is not counted as pulled', () => {
    const mine = { ...fieldsA, progress: 'Works begun' };
    const sent: SyncChange[] = [
      {
        op: 'update',
        id: A,
        baseVersion: 3,
        edits: [{ field: 'progress', base: 'Contract signed', mine: 'Works begun' }],
      },
    ];
    const result = applyReply(
      [
        { id: A, fields: mine },
        { id: B, fields: fieldsB },
      ],
      base,
      sent,
      reply([server(A, mine)]),
      layout,
    );
    expect(result.pulled).toBe(0);
  });

  it('when a row is new to this copy, then it is inserted in plan order', () => {
    const fields = buildAction({ action: 'Between', order: 1.5 });
    const result = applyReply(model(), base, [], reply([server(NEW, fields)]), layout);
    expect(result.rows.map((r) => r.id)).toEqual([A, B, NEW]);
    expect(result.base.rows[NEW]?.version).toBe(4);
  });

  it('when a formula cell shows something other than the plan, then the base keeps what it shows at the old version, and the value is reported unwritten', () => {
    const shown = { ...fieldsA, progress: 'From a formula' };
    const theirs = { ...fieldsA, progress: 'Newer on the server' };
    const result = applyReply(
      [{ id: A, fields: shown, kept: ['progress'] }],
      base,
      [],
      reply([server(A, theirs)]),
      layout,
    );
    expect(result.rows[0]?.fields.progress).toBe('From a formula');
    expect(result.base.rows[A]).toMatchObject({ version: 3, fields: { progress: 'From a formula' } });
    expect(result.unwritten).toEqual([{ id: A, path: 'progress', value: 'Newer on the server' }]);
  });
});

describe('sheetPatch and patchRows', () => {
  it('when the model differs in one cell, then the patch writes that cell only', () => {
    const rows = [row(A, fieldsA), row(B, fieldsB)];
    const model: ModelRow[] = [
      { id: A, fields: { ...fieldsA, status: 'Complete' } },
      { id: B, fields: fieldsB },
    ];
    expect(sheetPatch(rows, [A, B], model, layout)).toEqual({
      ids: [],
      updates: [{ id: A, row: 0, values: [{ path: 'status', value: 'Complete' }] }],
      inserts: [],
      removals: [],
    });
  });

  it('when a cell holds a formula, then the patch never writes over it', () => {
    const rows = [row(A, fieldsA, { formulas: ['progress'] })];
    const model: ModelRow[] = [{ id: A, fields: { ...fieldsA, progress: 'Server value' } }];
    expect(sheetPatch(rows, [A], model, layout).updates).toEqual([]);
  });

  it('when a new row got its id in the diff, then the patch writes the id into its cell', () => {
    const rows = [row(null, fieldsA)];
    expect(sheetPatch(rows, [NEW], [{ id: NEW, fields: fieldsA }], layout).ids).toEqual([
      { row: 0, id: NEW },
    ]);
  });

  const statuses = fc.constantFrom('Not started', 'On track', 'At risk', 'Complete', null);
  const text = fc.string({ maxLength: 12 }).map((s) => s.trim());

  it('when any model is patched onto any sheet of the same rows, then the sheet shows the model', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ progress: text, status: statuses, keep: fc.boolean() }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.record({ progress: text, status: statuses }), { maxLength: 3 }),
        (targets, added) => {
          const ids = targets.map((_, i) => `01JD5Z4X8Q${String(i).padStart(16, '0')}`);
          const sheet = ids.map((id) => row(id, fieldsA));
          const model: ModelRow[] = [
            ...targets.flatMap((t, i) =>
              t.keep
                ? [{ id: ids[i] as string, fields: { ...fieldsA, progress: t.progress, status: t.status } }]
                : [],
            ),
            ...added.map((t, i) => ({
              id: `01JD5Z4X8Q${String(90 + i).padStart(16, '0')}`,
              fields: { ...fieldsB, progress: t.progress, status: t.status },
            })),
          ] as ModelRow[];
          const patched = patchRows(sheet, sheetPatch(sheet, ids, model, layout), layout);
          expect(patched.map((r) => r.id)).toEqual(model.map((m) => m.id));
          patched.forEach((r, i) => {
            for (const path of ['progress', 'status'] as const)
              expect(r.fields[path] || null).toEqual(model[i]?.fields[path] || null);
          });
        },
      ),
    );
  });
});
