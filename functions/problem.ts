/** RFC 9457 problem details: the one error shape the API answers with (core/problem.ts defines it). */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldError, Problem, ProblemTypeName } from '../core/problem.js';

/**
 * Problem types are stable URIs under one base, so clients can branch on them, and each resolves
 * to a page saying what it means (GET /problems/{type}). The base is the API's own address unless
 * the deployment names another (PROBLEM_TYPE_BASE).
 */
export function problemTypeBase(c: Context): string {
  const configured = (c.var as { deps?: { problemTypeBase?: string } } | undefined)?.deps?.problemTypeBase;
  return configured ?? `${new URL(c.req.url).origin}/problems/`;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly type: ProblemTypeName,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }

  toBody(typeBase: string, instance?: string): Problem {
    return {
      type: `${typeBase}${this.type}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const problems = {
  badRequest: (detail: string, errors?: FieldError[]) =>
    new HttpProblem(400, 'invalid-request', 'The request is not valid', detail, errors ? { errors } : {}),
  unauthorized: (detail: string) => new HttpProblem(401, 'unauthorized', 'Sign-in needed', detail),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Not allowed', detail),
  notFound: (detail: string) => new HttpProblem(404, 'not-found', 'Not found', detail),
  preconditionFailed: (detail: string, current: unknown) =>
    new HttpProblem(412, 'version-mismatch', 'The row has changed since you read it', detail, { current }),
  alreadyExists: (detail: string) => new HttpProblem(409, 'already-exists', 'Already exists', detail),
  /** The same idempotency key is being applied right now: its answer comes to a retry under that key. */
  syncInProgress: (detail: string) =>
    new HttpProblem(409, 'sync-in-progress', 'This sync is still being applied', detail),
  /** An idempotency key sent by another caller, or with another request: never a replay of that answer. */
  keyReused: (detail: string) =>
    new HttpProblem(
      422,
      'idempotency-key-reused',
      'This idempotency key belongs to another request',
      detail,
      {
        errors: [{ path: 'body.idempotencyKey', message: 'was already used for another request' }],
      },
    ),
  preconditionRequired: (detail: string) =>
    new HttpProblem(428, 'if-match-required', 'A version is required', detail),
  tooLarge: (detail: string) => new HttpProblem(413, 'too-large', 'The request is too large', detail),
  unsupportedMediaType: (detail: string) =>
    new HttpProblem(415, 'unsupported-media-type', 'Send JSON', detail),
  unavailable: (detail: string) =>
    new HttpProblem(503, 'store-unavailable', 'The service is briefly unavailable', detail),
  internal: () =>
    new HttpProblem(
      500,
      'internal',
      'Something went wrong',
      'The server could not complete the request. Try again; if it keeps failing, contact support.',
    ),
} as const;

export function problemResponse(c: Context, problem: HttpProblem): Response {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  if (problem.status === 503) headers['retry-after'] = '2';
  return c.body(JSON.stringify(problem.toBody(problemTypeBase(c), c.req.path)), problem.status, headers);
}
