/**
 * The typed HTTP client of the API, for the CLI and the add-in alike (fetch only, no Node imports).
 * Retries what is safe to retry: a sync carries its idempotency key, so sending it again is harmless.
 */
import type { Council } from './council.js';
import type { Action, ActionFields, ChangeRecord, Plan, PlanInput, Recommendation } from './plan.js';
import type { SyncReply, SyncRequest } from './sync-protocol.js';

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

export interface ClientOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /**
   * How long a 503, a 409 "still being applied" or a dropped connection is retried for: long
   * enough to outlast the server's 30 s claim on a sync whose first attempt died.
   */
  retryForMs?: number;
  timeoutMs?: number;
}

export type PlanSummary = Omit<Plan, 'recommendations'>;

export function createPlansClient(options: ClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const retryForMs = options.retryForMs ?? 45_000;

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const started = Date.now();
    const mayRetry = () => Date.now() - started < retryForMs && retriable(method, path);
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${options.token}`,
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
      if (response.ok) return (await response.json()) as T;
      const problem = await readProblem(response);
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

  return {
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
