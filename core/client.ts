/**
 * The typed HTTP client of the API, for the CLI and the add-in alike (fetch only, no Node imports).
 * Retries what is safe to retry: a sync carries its idempotency key, so sending it again is harmless.
 */
import type { Council } from './council.js';
import type { Action, ActionFields, ChangeRecord, Person, Plan, PlanInput, Recommendation } from './plan.js';
import type { SyncReply, SyncRequest } from './sync-protocol.js';
import type { StoredSyncList, SyncListInput, SyncRun, SyncRunInput } from './sync-run-log.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

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
   * How long a 503, a 409 "still being applied" or a dropped connection is retried for: long
   * enough to outlast the server's 30 s claim on a sync whose first attempt died.
   */
  retryForMs?: number;
  timeoutMs?: number;
}

export type PlanSummary = Omit<Plan, 'recommendations'>;

/** GET /me: the caller as the server sees them, and where each part came from. */
export interface Me {
  id: string;
  kind: 'person' | 'application';
  name: string;
  council: string;
  councilName: string;
  role: 'viewer' | 'officer' | 'policy' | 'admin' | 'sync';
  directorates: string[];
  tokenDirectorates: string[];
  sources: {
    council: 'token' | 'tenant' | 'deployment';
    role: 'token';
    name: 'people' | 'token';
    directorates: 'people' | 'token' | 'none';
  };
}

export interface PersonWithHistory extends Person {
  history: { at: string; by: string; change: 'assigned' | 'removed'; name: string; directorates: string[] }[];
}

export function createPlansClient(options: ClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const retryForMs = options.retryForMs ?? 45_000;
  const { token } = options;
  const tokenFor = typeof token === 'string' ? () => token : token;

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const started = Date.now();
    const mayRetry = () => Date.now() - started < retryForMs && retriable(method, path);
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
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
      } catch (error) {
        if (mayRetry()) {
          await pause(attempt);
          continue;
        }
        throw new ApiUnreachableError(base, error);
      }
      if (response.status === 204) return undefined as T;
      if (response.ok) return (await response.json()) as T;
      const problem = await readProblem(response);
      // Refused once: a renewing provider gets one chance to give a fresh token (a fixed one cannot).
      // Safe for any method: a 401 is answered before the request is acted on.
      if (response.status === 401 && !refreshed && typeof token !== 'string') {
        refreshed = true;
        continue;
      }
      const transient = response.status === 503 || (response.status === 409 && path.endsWith('/sync'));
      if (transient && mayRetry()) {
        await pause(attempt);
        continue;
      }
      throw new ApiError(response.status, problem);
    }
  }

  const plan = (council: string, id: string) =>
    `/councils/${encodeURIComponent(council)}/plans/${encodeURIComponent(id)}`;

  const person = (council: string, id: string) =>
    `/councils/${encodeURIComponent(council)}/people/${encodeURIComponent(id)}`;

  return {
    /** Who the server says the caller is: the pane and `plans login` show this, never a decoded token. */
    me: () => call<Me>('GET', '/me'),
    listPeople: (council: string) =>
      call<{ people: Person[] }>('GET', `/councils/${encodeURIComponent(council)}/people`).then(
        (r) => r.people,
      ),
    getPerson: (council: string, id: string) => call<PersonWithHistory>('GET', person(council, id)),
    putPerson: (council: string, id: string, input: { name: string; directorates: string[] }) =>
      call<Person>('PUT', person(council, id), input),
    deletePerson: (council: string, id: string) => call<void>('DELETE', person(council, id)),
    listPlans: (council: string) =>
      call<{ plans: PlanSummary[] }>('GET', `/councils/${encodeURIComponent(council)}/plans`).then(
        (r) => r.plans,
      ),
    getPlan: (council: string, id: string) => call<Plan>('GET', plan(council, id)),
    getCouncil: (council: string) => call<Council>('GET', `/councils/${encodeURIComponent(council)}`),
    nameCouncil: (council: string, name: string) =>
      call<Council>('PATCH', `/councils/${encodeURIComponent(council)}`, { name }),
    createPlan: (council: string, input: PlanInput) =>
      call<Plan>('POST', `/councils/${encodeURIComponent(council)}/plans`, input),
    updatePlan: (council: string, id: string, patch: Partial<PlanInput>) =>
      call<Plan>('PATCH', plan(council, id), patch),
    addRecommendation: (
      council: string,
      id: string,
      recommendation: Partial<Recommendation> & { number: string },
    ) => call<Recommendation>('POST', `${plan(council, id)}/recommendations`, recommendation),
    /** The one-off correction of rows stored before the server derived due dates; safe to rerun. */
    deriveDates: (council: string, id: string) =>
      call<{ corrected: number; skipped: number }>('POST', `${plan(council, id)}/migrations/derive-dates`),
    listActions: (council: string, id: string, includeDeleted = false) =>
      call<{ cursor: number; actions: Action[] }>(
        'GET',
        `${plan(council, id)}/actions${includeDeleted ? '?includeDeleted=true' : ''}`,
      ),
    createAction: (council: string, id: string, fields: Partial<ActionFields> & { id?: string }) =>
      call<Action>('POST', `${plan(council, id)}/actions`, fields),
    updateAction: (
      council: string,
      id: string,
      action: string,
      version: number,
      patch: Partial<ActionFields>,
    ) =>
      call<Action>('PATCH', `${plan(council, id)}/actions/${action}`, patch, { 'if-match': `"${version}"` }),
    deleteAction: (council: string, id: string, action: string, version: number) =>
      call<Action>('DELETE', `${plan(council, id)}/actions/${action}`, undefined, {
        'if-match': `"${version}"`,
      }),
    history: (council: string, id: string, action: string) =>
      call<{ history: ChangeRecord[] }>('GET', `${plan(council, id)}/actions/${action}/history`).then(
        (r) => r.history,
      ),
    sync: (council: string, id: string, request: SyncRequest) =>
      call<SyncReply>('POST', `${plan(council, id)}/sync`, request),
    getSyncList: (council: string) =>
      call<StoredSyncList>('GET', `/councils/${encodeURIComponent(council)}/sync-list`),
    putSyncList: (council: string, list: SyncListInput) =>
      call<StoredSyncList>('PUT', `/councils/${encodeURIComponent(council)}/sync-list`, list),
    recordSyncRun: (council: string, entry: SyncRunInput) =>
      call<SyncRun>('POST', `/councils/${encodeURIComponent(council)}/sync-runs`, entry),
    listSyncRuns: (council: string, page: { limit?: number; before?: string } = {}) => {
      const query = new URLSearchParams();
      if (page.limit !== undefined) query.set('limit', String(page.limit));
      if (page.before !== undefined) query.set('before', page.before);
      const suffix = query.size > 0 ? `?${query}` : '';
      return call<{ runs: SyncRun[]; next: string | null }>(
        'GET',
        `/councils/${encodeURIComponent(council)}/sync-runs${suffix}`,
      );
    },
    changes: (council: string, id: string, since: number) =>
      call<{ cursor: number; changes: Action[] }>('GET', `${plan(council, id)}/changes?since=${since}`),
  };
}

export type PlansClient = ReturnType<typeof createPlansClient>;

/** Reads and sync (which carries an idempotency key) are safe to send again; other writes are not. */
function retriable(method: string, path: string): boolean {
  return method === 'GET' || path.endsWith('/sync');
}

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    return {
      type: body.type ?? 'about:blank',
      title: body.title ?? response.statusText,
      status: response.status,
      detail: body.detail ?? body.title ?? `the API answered ${response.status}`,
      ...body,
    } as Problem;
  } catch {
    return {
      type: 'about:blank',
      title: response.statusText,
      status: response.status,
      detail: `the API answered ${response.status}`,
    };
  }
}

const pause = (attempt: number) =>
  new Promise((r) => setTimeout(r, Math.min(4_000, 250 * 2 ** attempt) * Math.random()));
