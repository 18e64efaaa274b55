/**
 * Path, header and response schemas shared by the routes (and so by the OpenAPI document). Each
 * route is declared as a function (`() => createRoute(...)`), so its schemas are built with its
 * group, on the group's first request (functions/route-groups.ts), not when the Lambda starts.
 */
import { z } from '@hono/zod-openapi';
import {
  COUNCIL_MESSAGE,
  COUNCIL_PATTERN,
  MAX_DIRECTORATE,
  ULID_MESSAGE,
  ULID_PATTERN,
} from '../../core/plan.js';
import { Problem } from '../../core/problem.js';

/**
 * Every path, query and header value is bounded here, before it can reach a DynamoDB key (whose
 * limits are in UTF-8 bytes): a value too long is a 400 naming it, never a 500 from the store.
 * Built here, not taken from core: zod attaches `.openapi()` only to schemas made after the extension loads.
 */
export const ulid = () => z.string().regex(ULID_PATTERN, ULID_MESSAGE);

/** A directorate as a filter: as long as a row's may be, and no longer. */
export const directorate = () =>
  z.string().max(MAX_DIRECTORATE, `must be at most ${MAX_DIRECTORATE} characters, as a row's directorate is`);

export const CouncilParams = z.object({
  council: z
    .string()
    .regex(COUNCIL_PATTERN, COUNCIL_MESSAGE)
    .openapi({ param: { name: 'council', in: 'path' }, example: 'chorley' }),
});

export const PlanParams = CouncilParams.extend({
  plan: ulid().openapi({ param: { name: 'plan', in: 'path' }, example: '01JD0000000000000000000000' }),
});

export const ActionParams = PlanParams.extend({
  id: ulid().openapi({ param: { name: 'id', in: 'path' } }),
});

export const IfMatchHeader = z.object({
  'if-match': z
    .string()
    .max(100, 'must be the row version, e.g. "3"')
    .optional()
    .openapi({
      param: { name: 'if-match', in: 'header' },
      description: 'The version of the row you edited, e.g. "3".',
    }),
});

/** The one problem shape (core/problem.ts), a component of the document named Problem. */
export const problem = (description: string) => ({
  content: { 'application/problem+json': { schema: Problem } },
  description,
});

/** The error answers every authenticated route can give. */
export const commonProblems = {
  400: problem('The request is not valid: `errors` names each field'),
  401: problem('No valid bearer token'),
  403: problem('The token does not allow this'),
  404: problem('Not found for your council'),
  500: problem('Something the server did not expect; nothing half-done was kept'),
  503: problem('The store did not answer, or the request ran out of time; nothing was lost'),
} as const;

/** What a route that takes a body can also answer, before the body is read. */
export const bodyProblems = {
  413: problem('More than 5 MB'),
  415: problem('The body was not sent as JSON'),
} as const;

export const versionProblems = {
  412: problem('The row moved on since the version given; `current` holds it'),
  428: problem('If-Match is required'),
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
