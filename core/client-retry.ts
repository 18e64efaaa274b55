/**
 * Whether the API client sends a request again after an error answer. Decided by the problem's
 * `type`, which says what happened, not by the address: a new kind of error is never retried by
 * accident. Pure, so the rules are one table (tests/core/client-retry.test.ts).
 */
import { PROBLEM_TYPE_NAMES, type Problem, problemTypeName } from './problem.js';

export type AfterProblem = 'retry' | 'renew-token' | 'give-up';

export interface Attempt {
  /** A GET, or a write whose body carries an idempotency key: sending it again does nothing twice. */
  repeatable: boolean;
  /** The token came from a provider that renews tokens and has not been asked for a fresh one yet. */
  mayRenewToken: boolean;
  /** The answer carried Retry-After. */
  retryAfter: boolean;
}

/** Types that say "the same request will succeed shortly". */
const PASSING: ReadonlySet<string> = new Set([
  'store-unavailable',
  'sync-in-progress',
  // What servers before the type had its own name answered a sync still being applied with (409).
  'conflict',
]);

const ours: ReadonlySet<string> = new Set(PROBLEM_TYPE_NAMES);

export function afterProblem(status: number, problem: Problem, attempt: Attempt): AfterProblem {
  // A 401 is answered before the request is acted on, so sending it again is safe for any method.
  if (status === 401) return attempt.mayRenewToken ? 'renew-token' : 'give-up';
  if (!attempt.repeatable) return 'give-up';
  const type = problemTypeName(problem.type);
  if (PASSING.has(type) && (type !== 'conflict' || status === 409)) return 'retry';
  if (ours.has(type)) return 'give-up';
  // Not the API's own answer (a gateway's, a proxy's): only its status and Retry-After can say.
  return status === 503 || (status === 429 && attempt.retryAfter) ? 'retry' : 'give-up';
}

/**
 * Types that say "the server will not take this as the request it once was": the key is another
 * caller's or another request's, it is still being applied after the client's own retries, or the
 * server no longer accepts the request as sent. A replay so answered is dropped, not fatal: its rows
 * are recognised by their ids in the next diff.
 */
const NOT_THAT_REQUEST: ReadonlySet<string> = new Set([
  'idempotency-key-reused',
  'sync-in-progress',
  'invalid-request',
]);

/** Whether an earlier sync request, sent again under its key, is declined rather than failing the sync. */
export function replayDeclined(status: number, problem: Problem): boolean {
  const type = problemTypeName(problem.type);
  if (NOT_THAT_REQUEST.has(type)) return true;
  // What servers before the type had its own name answered a sync still being applied with.
  if (type === 'conflict') return status === 409;
  if (ours.has(type)) return false;
  // Not the API's own answer (a gateway's, a proxy's): only its status can say.
  return [400, 409, 422].includes(status);
}
