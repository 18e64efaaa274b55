import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { identityOf, matchRows, orderStart } from '../../cli/import-match.js';
import { type Action, ULID_PATTERN } from '../../core/plan.js';
import { buildAction } from '../support/factories.js';

const plan = ulid();
const rows = ['Publish the plan', 'Hold a staff survey', 'Publish the plan'].map((action, i) => ({
  row: i + 5,
  fields: buildAction({ action }),
}));

function stored(id: string, overrides: Partial<Action> = {}): Action {
  return {
    ...buildAction(),
    id,
    version: 1,
    revision: 1,
    updatedAt: '2026-01-01T00:00:00Z',
    updatedBy: 'policy@chorley',
    deleted: false,
    ...overrides,
  };
}

describe('matching a file against its plan', () => {
  it('when the same file is read twice, then its rows get the same ids: ULIDs, distinct even for two identical rows', () => {
    const first = matchRows(plan, rows, []).create.map((r) => r.id);
    expect(matchRows(plan, rows, []).create.map((r) => r.id)).toEqual(first);
    expect(new Set(first).size).toBe(3);
    for (const id of first) expect(id).toMatch(ULID_PATTERN);
    expect(matchRows(ulid(), rows, []).create.map((r) => r.id)).not.toEqual(first);
  });

  it('when words differ only in spacing and case, then they are the same action', () => {
    expect(identityOf(buildAction({ action: ' Publish  the PLAN ', recommendations: ['4', '3'] }))).toBe(
      identityOf(buildAction({ action: 'publish the plan', recommendations: ['3', '4'] })),
    );
    expect(identityOf(buildAction({ directorate: 'Finance' }))).not.toBe(identityOf(buildAction()));
  });

  it('when the plan has one row by id and one by its words, then only the third is created', () => {
    const [one] = matchRows(plan, rows, []).create;
    const byWords = stored(ulid(), { ...buildAction({ action: 'HOLD a staff survey' }) });
    const match = matchRows(plan, rows, [stored(one?.id as string), byWords]);
    expect(match.matched.map((m) => [m.row, m.by])).toEqual([
      [5, 'id'],
      [6, 'words'],
    ]);
    expect(match.create.map((r) => r.row)).toEqual([7]);
  });

  it('when an earlier run placed some rows, then the rest go back in their places between them', () => {
    const created = matchRows(plan, rows, []).create;
    const existing = [
      stored(created[0]?.id as string, { order: 41 }),
      stored(created[2]?.id as string, { order: 43 }),
    ];
    const match = matchRows(plan, rows, existing);
    expect(orderStart(match.matched, existing, 99)).toBe(40);
    expect(orderStart([], [], 99)).toBe(99);
  });
});
