import { describe, expect, it } from 'vitest';
import { type AfterProblem, type Attempt, afterProblem, replayDeclined } from '../../core/client-retry.js';
import { PROBLEM_TYPE_NAMES } from '../../core/problem.js';

const BASE = 'https://plans.council.gov.uk/errors/';
const repeatable: Attempt = { repeatable: true, mayRenewToken: false, retryAfter: false };
const once: Attempt = { ...repeatable, repeatable: false };

const problem = (status: number, type: string) => ({ type, title: 't', status, detail: 'd' });

/** [type as sent, status, the request, what the client does] */
const RULES: [string, number, Attempt, AfterProblem][] = [
  [`${BASE}store-unavailable`, 503, repeatable, 'retry'],
  [`${BASE}store-unavailable`, 503, once, 'give-up'],
  [`${BASE}sync-in-progress`, 409, repeatable, 'retry'],
  [`${BASE}already-exists`, 409, repeatable, 'give-up'],
  [`${BASE}conflict`, 409, repeatable, 'retry'],
  [`${BASE}invalid-request`, 400, repeatable, 'give-up'],
  [`${BASE}forbidden`, 403, repeatable, 'give-up'],
  [`${BASE}not-found`, 404, repeatable, 'give-up'],
  [`${BASE}version-mismatch`, 412, repeatable, 'give-up'],
  [`${BASE}too-large`, 413, repeatable, 'give-up'],
  [`${BASE}idempotency-key-reused`, 422, repeatable, 'give-up'],
  [`${BASE}internal`, 500, repeatable, 'give-up'],
  [`${BASE}unauthorized`, 401, { ...once, mayRenewToken: true }, 'renew-token'],
  [`${BASE}unauthorized`, 401, repeatable, 'give-up'],
  ['about:blank', 503, repeatable, 'retry'],
  ['about:blank', 503, once, 'give-up'],
  ['about:blank', 429, { ...repeatable, retryAfter: true }, 'retry'],
  ['about:blank', 429, repeatable, 'give-up'],
  ['about:blank', 502, repeatable, 'give-up'],
  ['about:blank', 409, repeatable, 'give-up'],
];

describe('when the API client sends a request again', () => {
  it.each(RULES)(
    'when %s (%i) answers a request %o, then the client does %s',
    (type, status, attempt, next) => {
      expect(afterProblem(status, problem(status, type), attempt)).toBe(next);
    },
  );

  it('when the problem is one of the API types other than the passing ones, then a repeatable request is not sent again', () => {
    const passing = ['store-unavailable', 'sync-in-progress'];
    for (const name of PROBLEM_TYPE_NAMES.filter((n) => !passing.includes(n) && n !== 'unauthorized'))
      expect(afterProblem(503, problem(503, `${BASE}${name}`), repeatable), name).toBe('give-up');
  });
});

/** [type as sent, status, whether the replay is dropped (true) or fails the sync (false)] */
const REPLAYS: [string, number, boolean][] = [
  [`${BASE}idempotency-key-reused`, 422, true],
  [`${BASE}sync-in-progress`, 409, true],
  [`${BASE}invalid-request`, 400, true],
  [`${BASE}conflict`, 409, true],
  [`${BASE}already-exists`, 409, false],
  [`${BASE}forbidden`, 403, false],
  [`${BASE}not-found`, 404, false],
  [`${BASE}store-unavailable`, 503, false],
  [`${BASE}internal`, 500, false],
  ['about:blank', 400, true],
  ['about:blank', 422, true],
  ['about:blank', 502, false],
];

describe('when an earlier sync request is sent again under its key', () => {
  it.each(REPLAYS)('when %s (%i) answers it, then it is declined: %s', (type, status, declined) => {
    expect(replayDeclined(status, problem(status, type))).toBe(declined);
  });
});
