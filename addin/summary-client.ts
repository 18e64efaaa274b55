/**
 * `GET /councils/{council}/summary`: the roll-up the Council summary button writes into a sheet.
 * The plans client has no summary call, so this is a small typed fetch with the same token and
 * base URL, and the same errors (ApiError with the problem's detail, ApiUnreachableError), so the
 * pane words them as it words every other failure. Officers get their own directorates: the
 * server decides that from the token.
 */
import { ApiError, ApiUnreachableError, type Problem, type TokenProvider } from '../core/client.js';
import type { Summary } from '../core/summary.js';

export interface SummaryClientOptions {
  baseUrl: string;
  /** Asked before each attempt, as the plans client does. */
  token: TokenProvider | string;
  fetch?: typeof fetch;
  /** How long a 503 or a dropped connection is retried for (a GET is safe to send again). */
  retryForMs?: number;
  timeoutMs?: number;
}

export interface SummaryQuery {
  /** YYYY-MM-DD; the server's today (UTC) when left out. */
  asOf?: string;
  plan?: string;
  directorate?: string;
}

/** The officer's own calendar date, not UTC's: at 00:30 in a British summer it is already tomorrow. */
export function localIsoDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function summaryPath(council: string, query: SummaryQuery = {}): string {
  const params = new URLSearchParams();
  for (const key of ['asOf', 'plan', 'directorate'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return `/councils/${encodeURIComponent(council)}/summary${search ? `?${search}` : ''}`;
}

/** The summary must at least have the parts the sheet is made of. */
function isSummary(body: unknown): body is Summary {
  if (typeof body !== 'object' || body === null) return false;
  const s = body as Partial<Record<keyof Summary, unknown>>;
  return (
    typeof s.asOf === 'string' &&
    typeof s.live === 'number' &&
    typeof s.byStatus === 'object' &&
    s.byStatus !== null &&
    Array.isArray(s.byDirectorate) &&
    Array.isArray(s.overdue) &&
    Array.isArray(s.unlinkedRecommendations) &&
    Array.isArray(s.plans)
  );
}

export async function fetchSummary(
  options: SummaryClientOptions,
  council: string,
  query: SummaryQuery = {},
): Promise<Summary> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const retryForMs = options.retryForMs ?? 10_000;
  const started = Date.now();
  const url = `${base}${summaryPath(council, query)}`;
  for (let attempt = 0; ; attempt++) {
    const mayRetry = Date.now() - started < retryForMs;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'GET',
        headers: {
          authorization: `Bearer ${typeof options.token === 'string' ? options.token : await options.token()}`,
          accept: 'application/json',
        },
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      if (mayRetry) {
        await pause(attempt);
        continue;
      }
      throw new ApiUnreachableError(base, error);
    }
    if (response.ok) {
      const body: unknown = await response.json();
      if (!isSummary(body))
        throw new Error(
          'The plans service sent a council summary the add-in cannot read. It may need updating: tell your policy team.',
        );
      return body;
    }
    if (response.status === 503 && mayRetry) {
      await pause(attempt);
      continue;
    }
    throw new ApiError(response.status, await readProblem(response));
  }
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback = {
    type: 'about:blank',
    title: response.statusText,
    status: response.status,
    detail:
      response.status === 404
        ? 'This plans service has no council summary: it may need updating. Tell your policy team.'
        : `The plans service answered ${response.status}.`,
  };
  try {
    const body = JSON.parse(await response.text()) as Partial<Problem>;
    return { ...fallback, ...body, detail: body.detail || body.title || fallback.detail } as Problem;
  } catch {
    return fallback;
  }
}

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 250 * 2 ** attempt) * Math.random()));
