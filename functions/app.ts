/** The API: one Hono app, served by the Lambda entry and by the local Node server. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { timeout } from 'hono/timeout';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { MAX_BODY_BYTES, REQUEST_DEADLINE_MS } from '../core/limits.js';
import { type AuthConfig, authenticate } from './auth.js';
import type { Caller } from './caller.js';
import { CORS_POLICY } from './cors-policy.js';
import { identify } from './identify.js';
import { logger } from './logger.js';
import { HttpProblem, problemResponse, problems } from './problem.js';
import { type RequestEntry, requestLog, type SyncCounts } from './request-log.js';
import { documentRoutes, onFirstUse, routeOnFirstUse } from './route-groups.js';
import { ROUTE_GROUPS } from './routes/groups.js';
import type { Store } from './store/dynamodb.js';
import {
  BulkWriteFencedError,
  PlanNotFoundError,
  StoreBusyError,
  StoreUnavailableError,
} from './store/errors.js';
import { isRetryable, isUnreachable } from './store/retry.js';
import { writeRequestEntry } from './telemetry.js';
import { validationHook } from './validation.js';

export interface AppDeps {
  store: Store;
  auth: AuthConfig;
  /** The add-in's origins; no other browser origin may call the API. */
  corsOrigins?: string[];
  /** How long a sync's idempotency claim holds before a retry may take it over (tests shorten it). */
  syncLeaseMs?: number;
  /** How long a request may run before it answers 503 (REQUEST_DEADLINE_MS unless a test shortens it). */
  deadlineMs?: number;
  /** Where each request's log entry goes (tests collect them); the JSON log and metrics by default. */
  requestLog?: (entry: RequestEntry, c: Context) => void;
  /** Where problem `type` URIs point (ending in /); the API's own /problems/ pages when absent. */
  problemTypeBase?: string;
}

export interface AppEnv {
  Variables: { caller: Caller; deps: AppDeps; syncCounts?: SyncCounts; syncRun?: RequestEntry['syncRun'] };
}

export { MAX_BODY_BYTES, REQUEST_DEADLINE_MS };

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', requestLog(deps.requestLog ?? writeRequestEntry));

  // The API is never framed; the add-in must be: Excel on the web hosts the task pane in a frame,
  // and the sign-in dialog needs its opener.
  const apiHeaders = secureHeaders({ crossOriginResourcePolicy: 'same-site', xFrameOptions: 'DENY' });
  const addinHeaders = secureHeaders({ xFrameOptions: false, crossOriginOpenerPolicy: false });
  app.use('*', (c, next) => (c.req.path.startsWith('/addin/') ? addinHeaders(c, next) : apiHeaders(c, next)));
  app.use(
    '*',
    cors({
      origin: (origin) => (deps.corsOrigins?.includes(origin) ? origin : null),
      allowHeaders: [...CORS_POLICY.allowHeaders],
      allowMethods: [...CORS_POLICY.allowMethods],
      exposeHeaders: [...CORS_POLICY.exposeHeaders],
      maxAge: CORS_POLICY.maxAgeSeconds,
    }),
  );
  // Lambda answers at most 6 MB: a first pull of a 10,000-row plan is several, and JSON shrinks
  // about tenfold. Browsers and Node's fetch ask for gzip and unpack it themselves.
  app.use('/councils/*', compress());
  // Under API Gateway's 30 s: a request that cannot finish says so, rather than being cut off.
  app.use('/councils/*', timeout(deps.deadlineMs ?? REQUEST_DEADLINE_MS, pastDeadline));
  app.use(
    '/councils/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw problems.tooLarge('Send at most 5 MB in one request: sync in smaller batches.');
      },
    }),
  );
  app.use('/councils/*', authenticate(deps.auth));
  app.use('/me', authenticate(deps.auth), identify());
  // A council's data is invisible to every other council: the same 404 whether or not it exists.
  app.use('/councils/:council/*', async (c, next) => {
    if (c.req.param('council') !== c.get('caller').council) {
      throw problems.notFound('There is nothing at this address for your council.');
    }
    await next();
  });
  app.use('/councils/:council/*', identify());

  // Each group is built on its first request, not at start: a cold start pays for one route's schemas.
  const groups = ROUTE_GROUPS.map((group) => onFirstUse(group, app));
  for (const group of groups) routeOnFirstUse(app, group);

  // The document of every group, as mounting them all at start made it (built on first request).
  let documented: Promise<OpenAPIHono<AppEnv>> | undefined;
  app.get('/openapi.json', async (c) => {
    documented ??= documentRoutes(groups).then((doc) => {
      doc.openAPIRegistry.registerComponent('securitySchemes', 'bearer', BEARER);
      return doc;
    });
    return c.json((await documented).getOpenAPI31Document(DOCUMENT));
  });

  app.notFound((c) =>
    problemResponse(c, problems.notFound(`There is no ${c.req.method} ${c.req.path} in this API.`)),
  );
  app.onError((error, c) => problemResponse(c, toProblem(error)));
  return app;
}

export type App = ReturnType<typeof createApp>;

const BEARER = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    'An OIDC token (Microsoft Entra ID in the cloud; `plans token` locally) with council and role claims.',
} as const;

const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Peer-challenge action plans API',
    version: '1.0.0',
    description:
      'Plans, recommendations and actions of LGA Corporate Peer Challenge action plans, with one-round-trip sync. Errors are RFC 9457 problem+json.',
  },
  security: [{ bearer: [] }],
};

/**
 * Past the deadline a request answers 503. The work is not cancelled: a sync that finishes later
 * is kept under its idempotency key, and the client's retry gets its answer.
 */
const pastDeadline = () =>
  new HTTPException(503, {
    cause: problems.unavailable(
      'The plan store is too slow to answer just now. Nothing was lost; try again in a moment.',
    ),
  });

function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof HTTPException && error.cause instanceof HttpProblem) return error.cause;
  if (error instanceof PlanNotFoundError) return problems.notFound('There is no such plan for your council.');
  if (error instanceof BulkWriteFencedError) {
    logger.warn('bulk write fenced', { block: error.block });
    return problems.unavailable(
      'This sync was held up so long that it was stopped part way; what it wrote is whole. Send it again: nothing will be added twice.',
    );
  }
  if (
    error instanceof StoreUnavailableError ||
    error instanceof StoreBusyError ||
    isUnreachable(error) ||
    isRetryable(error)
  ) {
    logger.warn('store unavailable', { error: String((error as Error).cause ?? error) });
    return problems.unavailable(
      'The plan store did not answer in time. Nothing was changed; try again in a moment.',
    );
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    if (status === 415)
      return problems.unsupportedMediaType('Send the body as JSON with Content-Type: application/json.');
    if (status === 400)
      return problems.badRequest('The body is not valid JSON. Check for a missing quote or comma.');
    return new HttpProblem(
      status,
      'http-error',
      'Request failed',
      error.message || 'The request could not be handled.',
    );
  }
  logger.error('unexpected error', error instanceof Error ? error : String(error));
  return problems.internal();
}
