/**
 * diffSheet and sheetPatch look at every row of every sync, so they do their per-row work without
 * sets, copies and chains of filters for rows that have no formulas and no unsent cells (nearly
 * all). These properties hold each row's outcome to the rule as first written, for sheets mixing
 * such rows with formulas, unsent cells, copied and mangled ids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPath } from '../../core/field-paths.js';
import { type ActionFields, Ulid } from '../../core/plan.js';
import {
  diffSheet,
  keptPaths,
  type ModelRow,
  type SheetLayout,
  type SheetRow,
  type SyncBase,
  sameMeaning,
  sheetPatch,
  syncedFields,
} from '../../core/sync-sheet.js';
import { buildAction } from '../support/factories.js';

const layout: SheetLayout = {
  paths: ['theme', 'action', 'recommendations', 'status', 'progress', 'extra.Budget'],
};
const ID = (n: number) => `01JD5Z4X8Q${String(n).padStart(16, '0')}`;
const text = fc.constantFrom('', ' ', 'Works begun', 'Works begun  \r\n', 'Draft', 'Draft\u00a0');
const fields: fc.Arbitrary<ActionFields> = fc
  .record({
    theme: text,
    action: text,
    recommendations: fc.array(fc.constantFrom('2', ' 2', '5', ''), { maxLength: 3 }),
    status: fc.constantFrom('On track', 'At risk', null),
    progress: text,
    budget: fc.constantFrom(null, '£5k', ' £5k'),
  })
  .map(({ budget, ...f }) => buildAction({ ...f, extra: budget === null ? {} : { Budget: budget } }));
const cells = fc.subarray(layout.paths, { maxLength: 2 });
const sheetRow: fc.Arbitrary<SheetRow> = fc
  .record({
    id: fc.oneof(
      fc.integer({ min: 1, max: 6 }).map(ID),
      fc.constantFrom(null, 'not-an-id', ID(1).toLowerCase()),
    ),
    fields,
    themeCarried: fc.option(fc.boolean(), { nil: undefined }),
    formulas: fc.option(cells, { nil: undefined }),
    unsent: fc.option(
      cells.map((paths) => paths.map((path) => ({ path, why: 'the cell shows #REF!' }))),
      {
        nil: undefined,
      },
    ),
  })
  .map(
    (row) =>
      Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as unknown as SheetRow,
  );
const base: fc.Arbitrary<SyncBase> = fc
  .uniqueArray(fc.integer({ min: 1, max: 6 }), { maxLength: 6 })
  .chain((ns) => fc.tuple(fc.constant(ns), fc.array(fields, { minLength: ns.length, maxLength: ns.length })))
  .map(([ns, rows]) => ({
    cursor: 1,
    rows: Object.fromEntries(
      ns.map((n, i) => [ID(n), { id: ID(n), version: n, fields: rows[i] as ActionFields }]),
    ),
  }));

describe('diffSheet and sheetPatch, row by row', () => {
  it('when any sheet is diffed, then each row keeps or gets its id and becomes the model row the rule makes', () => {
    fc.assert(
      fc.property(base, fc.array(sheetRow, { maxLength: 8 }), (was, rows) => {
        let fresh = 100;
        const diff = diffSheet(was, rows, layout, () => ID(fresh++));
        const seen = new Set<string>();
        fresh = 100;
        rows.forEach((row, index) => {
          const valid = row.id !== null && Ulid.safeParse(row.id).success && !seen.has(row.id);
          const id = valid ? (row.id as string) : ID(fresh++);
          seen.add(id);
          expect(diff.ids[index]).toBe(id);
          const kept = keptPaths(row);
          expect(diff.rows[index]).toStrictEqual({
            id,
            fields: syncedFields(row, was.rows[id]),
            ...(kept.size > 0 ? { kept: [...kept] } : {}),
          });
        });
      }),
      { numRuns: 500 },
    );
  });

  it('when any model is patched onto any sheet, then each row writes exactly the cells the rule names', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(sheetRow, fields, fc.boolean()), { maxLength: 8 }), (rows) => {
        const original = rows.map(([row]) => row);
        const ids = rows.map((_, index) => ID(index + 1));
        const model: ModelRow[] = rows.flatMap(([, target, stays], index) =>
          stays ? [{ id: ids[index] as string, fields: target }] : [],
        );
        const patch = sheetPatch(original, ids, model, layout);
        const updates = rows.flatMap(([row, target, stays], index) => {
          if (!stays) return [];
          const kept = keptPaths(row);
          const values = layout.paths
            .filter((path) => !kept.has(path))
            .filter((path) => !sameMeaning(readPath(row.fields, path), readPath(target, path)))
            .map((path) => ({ path, value: readPath(target, path) }));
          return values.length > 0 ? [{ id: ids[index], row: index, values }] : [];
        });
        expect(patch.updates).toStrictEqual(updates);
      }),
      { numRuns: 500 },
    );
  });
});
