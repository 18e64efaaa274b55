import { describe, expect, it } from 'vitest';
import { conflictItems, refusalItems, summaryLine } from '../../addin/conflict-items.js';
import { plainError } from '../../addin/plain-errors.js';
import { pastedToken } from '../../addin/sign-in.js';
import { whoLine } from '../../addin/who.js';
import { ApiError, ApiUnreachableError, type Me } from '../../core/client.js';
import { ActionFields } from '../../core/plan.js';
import type { Conflict } from '../../core/sync-protocol.js';

const API = 'https://api.plans.chorley.gov.uk';
const ID = '01JAAAAAAAAAAAAAAAAAAAAAAA';

const jwt = (payload: object) =>
  ['{"alg":"ES256"}', JSON.stringify(payload), 'signature']
    .map((part, i) => (i < 2 ? Buffer.from(part).toString('base64url') : part))
    .join('.');

describe('plainError', () => {
  it('when the API cannot be reached, then it says where it tried', () => {
    const error = plainError(new ApiUnreachableError(API, new TypeError('fetch failed')), API);
    expect(error.message).toBe(
      `Can't reach the plans service at ${API}. Check your connection, then try again.`,
    );
  });

  it('when the API answers 401, then the officer is asked to sign in again', () => {
    const error = plainError(
      new ApiError(401, {
        type: 'unauthorized',
        title: 'Unauthorized',
        status: 401,
        detail: 'token expired',
      }),
      API,
    );
    expect(error).toEqual({ message: 'Your sign-in has expired: sign in again.', signInAgain: true });
  });

  it('when the API explains a problem, then its detail is what the officer reads', () => {
    const error = plainError(
      new ApiError(403, {
        type: 'forbidden',
        title: 'Forbidden',
        status: 403,
        detail: 'you may edit rows of Resources only',
      }),
      API,
    );
    expect(error.message).toBe('You may edit rows of Resources only.');
  });

  it('when Excel is in cell-edit mode, then it says to finish typing', () => {
    const error = plainError(Object.assign(new Error('x'), { code: 'InvalidOperationInCellEditMode' }), API);
    expect(error.message).toContain('finish typing');
  });
});

describe('pastedToken', () => {
  it('when a token with a payload that names no council is pasted, then it is taken as it is: the server judges it', () => {
    const entraShaped = jwt({ tid: 't', oid: 'o', scp: 'access_as_user' });
    expect(pastedToken(`  ${entraShaped}\n`)).toBe(entraShaped);
  });

  it.each(['hello', 'a.b', 'a..c', 'a.b.c d'])(
    'when %j is pasted, then it is refused in plain words',
    (text) => {
      expect(() => pastedToken(text)).toThrow(/That is not a sign-in token/);
    },
  );
});

describe('whoLine', () => {
  const me: Me = {
    id: 'o',
    kind: 'person',
    name: 'Olivia Officer',
    council: 'chorley',
    councilName: 'Chorley Council',
    role: 'officer',
    directorates: ['Resources'],
    tokenDirectorates: [],
    sources: { council: 'tenant', role: 'token', name: 'token', directorates: 'people' },
  };

  it('when /me names an officer assigned in the product, then the pane says so with the directorates', () => {
    expect(whoLine(me)).toBe('Olivia Officer, officer, Chorley Council; edits Resources (assigned in plans)');
  });

  it('when /me names a policy officer, then no directorates are shown', () => {
    expect(whoLine({ ...me, role: 'policy', directorates: [] })).toBe(
      'Olivia Officer, policy, Chorley Council',
    );
  });
});

describe('conflictItems and summaryLine', () => {
  const base = {
    cursor: 9,
    rows: {
      [ID]: { id: ID, version: 3, fields: ActionFields.parse({ action: 'Refresh the Corporate Strategy' }) },
    },
  };

  it('when a field conflicts, then the item names the row, the column and both values', () => {
    const conflict: Conflict = {
      id: ID,
      kind: 'field',
      field: 'recommendations',
      base: ['1'],
      mine: ['1', '2'],
      theirs: ['3'],
      version: 3,
    };
    expect(conflictItems([conflict], base)[0]).toMatchObject({
      row: 'Refresh the Corporate Strategy',
      field: 'Recommendation',
      yours: '1, 2',
      kept: '3',
      keepMine: 'write',
      takeTheirs: 'clear',
    });
  });

  it('when this officer deleted a row someone edited, then Keep mine removes it and Take theirs keeps it', () => {
    const conflict: Conflict = {
      id: ID,
      kind: 'deleted',
      field: 'deleted',
      base: false,
      mine: true,
      theirs: false,
      version: 4,
    };
    expect(conflictItems([conflict], base)[0]).toMatchObject({ keepMine: 'remove', takeTheirs: 'clear' });
  });

  it('when a sync changed nothing, then the summary says so', () => {
    expect(
      summaryLine({
        pushed: 0,
        pulled: 0,
        conflicts: [],
        refused: [],
        cursor: 3,
        base: { cursor: 3, rows: {} },
      }),
    ).toBe('Synced: nothing had changed on either side.');
    expect(
      summaryLine({
        pushed: 1,
        pulled: 2,
        conflicts: [],
        refused: [],
        cursor: 3,
        base: { cursor: 3, rows: {} },
      }),
    ).toBe('Synced: sent 1 change, received 2 changes.');
  });
});

describe('refusalItems', () => {
  it('when an edit is refused, then the item keeps what the officer typed, by column', () => {
    const id = '01JD0000000000000000000001';
    const base = {
      cursor: 3,
      rows: { [id]: { id, version: 2, fields: ActionFields.parse({ action: 'Refresh the constitution' }) } },
    };
    const refused = [
      {
        id,
        reason: 'this row belongs to Legal, which you may not edit',
        edits: [{ field: 'progress', mine: 'Agreed at Cabinet' }],
      },
    ];
    expect(refusalItems(refused, base)).toEqual([
      {
        key: id,
        row: 'Refresh the constitution',
        reason: 'this row belongs to Legal, which you may not edit',
        typed: 'Progress: Agreed at Cabinet',
      },
    ]);
  });
});
