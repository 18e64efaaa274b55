/**
 * The one HTTP client of the API, for the CLI and the add-in alike (fetch only, no Node imports).
 * Every reply is parsed with its schema (core/api-replies.ts) and every error with the problem
 * schema (core/problem.ts); whether to send a request again is core/client-retry.ts's rule.
 */
import { z } from 'zod';
import {
  ActionHistory,
  ActionList,
  ActionReply,
  ChangesSince,
  Council,
  CouncilSummary,
  DeriveDatesReply,
  Me,
  PeopleList,
  Person,
  PersonWithHistory,
  Plan,
  type PlanEntry,
  PlanList,
  Recommendation,
  StoredSyncList,
  SyncReplyOf,
  SyncRun,
  SyncRunPage,
} from './api-replies.js';
import { afterProblem } from './client-retry.js';
import { CLIENT_RETRY_MS } from './limits.js';
import type { ActionFields, PlanInput } from './plan.js';
import { Problem } from './problem.js';
import type { SyncRequest } from './sync-protocol.js';
import type { SyncListInput, SyncRunInput } from './sync-run-log.js';

export type { Me, PersonWithHistory, PlanEntry, Problem };

/** An answer the API gave with a problem: `detail` says what to do about it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }
}

/** The API could not be reached at all. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`could not reach the plans API at ${url}`, { cause });
    this.name = 'ApiUnreachableError';
  }
}

/**
 * The API answered a success this version cannot read (a server newer or older than it, or a
 * proxy's page): refused whole rather than half used. `where` names the first fields that differ.
 */
export class ApiReplyError extends Error {
  constructor(
    readonly request: string,
    readonly where: string,
  ) {
    super(`the server answered something this version does not understand (${request}: ${where})`);
    this.name = 'ApiReplyError';
  }
}

/**
 * Where each request's bearer token comes from: asked before every request, so a provider that
 * renews tokens (MSAL's acquireTokenSilent) keeps a long session signed in. `forceRefresh` is asked
 * once after a 401: the token the provider had cached was refused, so it should not give it again.
 */
export type TokenProvider = (options?: { forceRefresh?: boolean }) => Promise<string> | string;

export interface ClientOptions {
  baseUrl: string;
  /** A token provider; a plain string is a fixed token (the local issuer's, a test's). */
  token: TokenProvider | string;
  fetch?: typeof fetch;
  /**
   * How long a passing problem (store unavailable, a sync still being applied) or a dropped
   * connection is retried for: long enough to outlast the server's 30 s claim on a sync whose
   * first attempt died.
   */
  retryForMs?: number;
  timeoutMs?: number;
}

/** GET /councils/{council}/summary's filters: the server's today (UTC) when `asOf` is left out. */
export interface SummaryQuery {
  /** YYYY-MM-DD. */
  asOf?: string;
  plan?: string;
  directorate?: string;
}

interface Send {
  body?: unknown;
  headers?: Record<string, string>;
  /** A write whose body carries an idempotency key: safe to send again, as a GET is. */
  idempotent?: boolean;
}

export function createPlansClient(options: ClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const retryForMs = options.retryForMs ?? CLIENT_RETRY_MS;
  const { token } = options;
  const tokenFor = typeof token === 'string' ? () => token : token;

  async function call<T>(method: string, path: string, reply: z.ZodType<T>, send: Send = {}): Promise<T> {
    const { body, headers = {} } = send;
    const started = Date.now();
    const repeatable = method === 'GET' || send.idempotent === true;
    const inTime = () => Date.now() - started < retryForMs;
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      let text: string;
      // Asked each time: a provider that renews tokens is never handed an old one to reuse.
      const bearer = await tokenFor(refreshed ? { forceRefresh: true } : undefined);
      try {
        response = await doFetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${bearer}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
        });
        // The body is part of the answer: a connection cut while it arrives ("terminated", a server
        // that crashed after its headers) is no answer at all, and is sent again as one would be.
        text = await response.text();
      } catch (error) {
        if (repeatable && inTime()) {
          await pause(attempt);
          continue;
        }
        throw new ApiUnreachableError(base, error);
      }
      if (response.ok) return readReply(text, reply, `${method} ${path}`);
      const problem = readProblem(response, text);
      const next = afterProblem(response.status, problem, {
        repeatable,
        mayRenewToken: !refreshed && typeof token !== 'string',
        retryAfter: response.headers.has('retry-after'),
      });
      if (next === 'renew-token') {
        refreshed = true;
        continue;
      }
      if (next === 'retry' && inTime()) {
        await pause(attempt);
        continue;
      }
      throw new ApiError(response.status, problem);
    }
  }

  const at = (council: string) => `/councils/${encodeURIComponent(council)}`;
  const plan = (council: string, id: string) => `${at(council)}/plans/${encodeURIComponent(id)}`;
  const person = (council: string, id: string) => `${at(council)}/people/${encodeURIComponent(id)}`;

  return {
    /** Who the server says the caller is: the pane and `plans login` show this, never a decoded token. */
    me: () => call('GET', '/me', Me),
    listPeople: (council: string) => call('GET', `${at(council)}/people`, PeopleList).then((r) => r.people),
    getPerson: (council: string, id: string) => call('GET', person(council, id), PersonWithHistory),
    putPerson: (council: string, id: string, input: { name: string; directorates: string[] }) =>
      call('PUT', person(council, id), Person, { body: input }),
    deletePerson: (council: string, id: string) => call('DELETE', person(council, id), NoContent),
    listPlans: (council: string) => call('GET', `${at(council)}/plans`, PlanList).then((r) => r.plans),
    getPlan: (council: string, id: string) => call('GET', plan(council, id), Plan),
    getCouncil: (council: string) => call('GET', at(council), Council),
    nameCouncil: (council: string, name: string) => call('PATCH', at(council), Council, { body: { name } }),
    createPlan: (council: string, input: PlanInput) =>
      call('POST', `${at(council)}/plans`, Plan, { body: input }),
    updatePlan: (council: string, id: string, patch: Partial<PlanInput>) =>
      call('PATCH', plan(council, id), Plan, { body: patch }),
    addRecommendation: (
      council: string,
      id: string,
      recommendation: Partial<Recommendation> & { number: string },
    ) => call('POST', `${plan(council, id)}/recommendations`, Recommendation, { body: recommendation }),
    /** The one-off correction of rows stored before the server derived due dates; safe to rerun. */
    deriveDates: (council: string, id: string) =>
      call('POST', `${plan(council, id)}/migrations/derive-dates`, DeriveDatesReply),
    listActions: (council: string, id: string, includeDeleted = false) =>
      call('GET', `${plan(council, id)}/actions${includeDeleted ? '?includeDeleted=true' : ''}`, ActionList),
    createAction: (council: string, id: string, fields: Partial<ActionFields> & { id?: string }) =>
      call('POST', `${plan(council, id)}/actions`, ActionReply, { body: fields }),
    updateAction: (
      council: string,
      id: string,
      action: string,
      version: number,
      patch: Partial<ActionFields>,
    ) =>
      call('PATCH', `${plan(council, id)}/actions/${action}`, ActionReply, {
        body: patch,
        headers: { 'if-match': `"${version}"` },
      }),
    deleteAction: (council: string, id: string, action: string, version: number) =>
      call('DELETE', `${plan(council, id)}/actions/${action}`, ActionReply, {
        headers: { 'if-match': `"${version}"` },
      }),
    history: (council: string, id: string, action: string) =>
      call('GET', `${plan(council, id)}/actions/${action}/history`, ActionHistory).then((r) => r.history),
    /** Carries its idempotency key, so after a passing problem it is sent again, as a GET is. */
    sync: (council: string, id: string, request: SyncRequest) =>
      call('POST', `${plan(council, id)}/sync`, SyncReplyOf, { body: request, idempotent: true }),
    getSyncList: (council: string) => call('GET', `${at(council)}/sync-list`, StoredSyncList),
    putSyncList: (council: string, list: SyncListInput) =>
      call('PUT', `${at(council)}/sync-list`, StoredSyncList, { body: list }),
    recordSyncRun: (council: string, entry: SyncRunInput) =>
      call('POST', `${at(council)}/sync-runs`, SyncRun, { body: entry }),
    listSyncRuns: (council: string, page: { limit?: number; before?: string } = {}) => {
      const query = new URLSearchParams();
      if (page.limit !== undefined) query.set('limit', String(page.limit));
      if (page.before !== undefined) query.set('before', page.before);
      const suffix = query.size > 0 ? `?${query}` : '';
      return call('GET', `${at(council)}/sync-runs${suffix}`, SyncRunPage);
    },
    changes: (council: string, id: string, since: number) =>
      call('GET', `${plan(council, id)}/changes?since=${since}`, ChangesSince),
    /** The council's roll-up; an officer's holds their own directorates (the server decides from the token). */
    summary: (council: string, query: SummaryQuery = {}) =>
      call('GET', summaryPath(council, query), CouncilSummary),
  };
}

export type PlansClient = ReturnType<typeof createPlansClient>;

export function summaryPath(council: string, query: SummaryQuery = {}): string {
  const params = new URLSearchParams();
  for (const key of ['asOf', 'plan', 'directorate'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return `/councils/${encodeURIComponent(council)}/summary${search ? `?${search}` : ''}`;
}

function readReply<T>(text: string, reply: z.ZodType<T>, request: string): T {
  let body: unknown; // an empty answer (204) is read as undefined
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiReplyError(request, 'not JSON');
    }
  }
  const parsed = reply.safeParse(body);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'the reply'} ${issue.message}`)
    .join('; ');
  throw new ApiReplyError(request, where);
}

/**
 * An error answer as a problem. RFC 9457's defaults fill what a body leaves out (a gateway's
 * `{"message": …}`, an empty 502), so every error reads the same way; a body whose members have
 * the wrong kinds is read as if it were empty.
 */
function readProblem(response: Response, text: string): Problem {
  const fallback = {
    type: 'about:blank',
    title: response.statusText,
    status: response.status,
    detail: `the API answered ${response.status}`,
  };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fallback;
  }
  const given = AnyObject.safeParse(body);
  if (!given.success) return fallback;
  const detail = given.data.detail ?? given.data.title ?? fallback.detail;
  const read = Problem.safeParse({ ...fallback, ...given.data, detail });
  return read.success ? read.data : fallback;
}

const NoContent = z.undefined();
const AnyObject = z.looseObject({});

const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.min(4_000, 250 * 2 ** attempt) * Math.random()));
