/**
 * What each problem `type` means and what to do about it, in the words a council officer or their
 * IT would use. `GET /problems/{type}` serves these as pages, so every type URI in an error resolves:
 * the record is keyed by core's list of type names, so a type without a page does not compile.
 */
import type { ProblemTypeName } from '../core/problem.js';

export interface ProblemType {
  title: string;
  status: number;
  meaning: string;
  fix: string;
}

export const PROBLEM_TYPES: Record<ProblemTypeName, ProblemType> = {
  'invalid-request': {
    title: 'The request is not valid',
    status: 400,
    meaning:
      'A field of the request is missing, of the wrong kind, or out of bounds. The `errors` list names each one, e.g. `body.changes.3.edits.0.mine` or `query.directorate`.',
    fix: 'Correct the fields named in `errors` and send the request again.',
  },
  unauthorized: {
    title: 'Sign-in needed',
    status: 401,
    meaning: 'The request carried no token, or one that has expired or was not issued for this API.',
    fix: 'Sign in again (in the add-in, or `plans login` / PLANS_TOKEN for the command line) and retry.',
  },
  forbidden: {
    title: 'Not allowed',
    status: 403,
    meaning:
      'Your role or directorates do not allow this change: officers change actions of their own directorates; plans and recommendations are for policy and admin roles.',
    fix: 'Ask a colleague in the directorate, or your policy team, to make the change.',
  },
  'not-found': {
    title: 'Not found',
    status: 404,
    meaning: 'There is no such plan, action or address for your council.',
    fix: 'Check the plan or action id; a deleted action can be listed with `includeDeleted=true` and restored.',
  },
  'already-exists': {
    title: 'Already exists',
    status: 409,
    meaning: 'An action with the id you gave already exists in this plan.',
    fix: 'Leave the id out to add a new action, or change the one that exists (PATCH, with its version in If-Match).',
  },
  'sync-in-progress': {
    title: 'This sync is still being applied',
    status: 409,
    meaning:
      'A sync with the same idempotency key is being applied right now (the first attempt, whose answer did not reach you). It is applied once, whole.',
    fix: 'Wait a moment and send it again with the same idempotency key: you get its answer. The add-in and `plans` do this themselves.',
  },
  'version-mismatch': {
    title: 'The row has changed since you read it',
    status: 412,
    meaning: 'Someone changed the action after you read it; `current` holds it as it now stands.',
    fix: 'Apply your change to the current version (its version goes in If-Match) and send it again.',
  },
  'too-large': {
    title: 'The request is too large',
    status: 413,
    meaning: 'A request may carry at most 5 MB (Excel on the web has the same limit).',
    fix: 'Send the changes in smaller batches.',
  },
  'unsupported-media-type': {
    title: 'Send JSON',
    status: 415,
    meaning: 'The body was not sent as JSON.',
    fix: 'Send the body as JSON with `Content-Type: application/json`.',
  },
  'idempotency-key-reused': {
    title: 'This idempotency key belongs to another request',
    status: 422,
    meaning:
      'The key was first used by another sign-in, or with a different body (other changes, cursor or pull). A key stands for one request: a retry sends the same body.',
    fix: 'Use a new idempotency key for each new sync.',
  },
  'if-match-required': {
    title: 'A version is required',
    status: 428,
    meaning:
      'Changing or deleting an action needs the version you read, so a newer change is never overwritten.',
    fix: 'Send `If-Match: "<version>"` with the version from the action you read.',
  },
  'http-error': {
    title: 'Request failed',
    status: 400,
    meaning: 'The request could not be handled as sent.',
    fix: 'Check the method, address and headers against the OpenAPI document at /openapi.json.',
  },
  internal: {
    title: 'Something went wrong',
    status: 500,
    meaning: 'The server met an error it did not expect. Nothing half-done was kept.',
    fix: 'Try again; if it keeps failing, tell your IT service desk the time and the address you called.',
  },
  'store-unavailable': {
    title: 'The service is briefly unavailable',
    status: 503,
    meaning:
      'The plan store did not answer in time, or was too busy. A sync is either applied whole or not at all, and a retry with the same idempotency key never applies it twice.',
    fix: 'Wait a few seconds (the Retry-After header says how many) and send the same request again.',
  },
};
