/** How a command reaches the API: where, with which token, and what its errors mean to an officer. */
import { ApiError, ApiUnreachableError, createPlansClient, type PlansClient } from '../core/client.js';
import { CliError } from './run.js';

export const DEFAULT_API = 'http://127.0.0.1:8787';

export interface ApiOptions {
  api?: string;
  token?: string;
}

/**
 * The API is the one the user configured (--api, PLANS_API, or the local default), never one a
 * file names: a received workbook is untrusted input and must not choose where the token goes.
 */
export function connect(options: ApiOptions): { client: PlansClient; api: string } {
  const token = options.token ?? process.env.PLANS_TOKEN;
  if (!token) {
    throw new CliError(
      'no token: pass --token or set PLANS_TOKEN (locally: `npx plans token --council C --role policy`)',
    );
  }
  const api = configuredApi(options) ?? DEFAULT_API;
  // Long enough for a server restart; short enough that a forgotten `npm start` is said quickly.
  return { client: createPlansClient({ baseUrl: api, token, retryForMs: 10_000 }), api };
}

/** The API the user gave, if they gave one. */
export function configuredApi(options: ApiOptions): string | null {
  return options.api ?? process.env.PLANS_API ?? null;
}

/** An API failure as one line (the cause, and what to do about it); null for any other error. */
export function apiErrorLine(error: unknown, api: string): string | null {
  if (error instanceof ApiUnreachableError)
    return `could not reach the plans API at ${api}: is \`npm start\` running, or is --api right?`;
  if (error instanceof ApiError) {
    if (error.status === 401) return 'the token was refused: get a new one with `npx plans token …`';
    return `the plans API said: ${error.problem.detail}`;
  }
  return null;
}

/** An API failure as one line: the cause, and what to do about it. */
export function explainApiError(error: unknown, api: string): never {
  const line = apiErrorLine(error, api);
  if (line === null) throw error;
  throw new CliError(line);
}
