/**
 * RFC 9457 problem details: the one error shape the API answers with. The server builds its
 * answers to it, the OpenAPI document describes it, and the client reads errors with it.
 */
import { z } from 'zod';

/** One field a 400 names, e.g. `body.changes.3.edits.0.mine` or `query.directorate`. */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/**
 * Every `type` the API sends, as the last segment of its URI (the base is the API's own
 * `/problems/`, or the deployment's PROBLEM_TYPE_BASE). Each has a page at GET /problems/{type}.
 */
export const PROBLEM_TYPE_NAMES = [
  'invalid-request',
  'unauthorized',
  'forbidden',
  'not-found',
  'already-exists',
  'sync-in-progress',
  'version-mismatch',
  'too-large',
  'unsupported-media-type',
  'idempotency-key-reused',
  'if-match-required',
  'http-error',
  'internal',
  'store-unavailable',
] as const;
export type ProblemTypeName = (typeof PROBLEM_TYPE_NAMES)[number];

/** Loose: a problem may carry extension members (`current` on a 412, `errors` on a 400). */
export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(FieldError).optional(),
  })
  .meta({
    id: 'Problem',
    description:
      'RFC 9457 problem details. `type` is a URI whose page (GET /problems/{type}) says what it means and what to do.',
  });
export type Problem = z.infer<typeof Problem>;

/** "https://api/problems/sync-in-progress" → "sync-in-progress", whatever base the deployment uses. */
export const problemTypeName = (type: string): string => type.slice(type.lastIndexOf('/') + 1);
