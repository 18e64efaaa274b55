/** How a command reaches the API: where, with which token, and what its errors mean to an officer. */
import {
  ApiError,
  ApiReplyError,
  ApiUnreachableError,
  createPlansClient,
  type PlansClient,
} from '../core/client.js';
import { INTERACTIVE_RETRY_MS } from '../core/limits.js';
import { apiResource, appCredentialFromEnv } from './app-credential-config.js';
import { storedMicrosoftLogin, storedToken } from './credentials.js';
import { microsoftTokenProvider } from './microsoft.js';
import { CliError } from './run.js';

export const DEFAULT_API = 'http://127.0.0.1:8787';

export interface ApiOptions {
  api?: string;
  token?: string;
}

/** Said once wherever a command takes a token, so every `--help` tells the same story. */
export const TOKEN_OPTION_HELP =
  'bearer token (default: PLANS_TOKEN, then the one `plans login` stored for the API); avoid: process lists show it';

export const TOKEN_ON_COMMAND_LINE =
  'plans: a token on the command line shows in process lists: use PLANS_TOKEN or plans login\n';

/**
 * The API is the one the user configured (--api, PLANS_API, or the local default), never one a
 * file names: a received workbook is untrusted input and must not choose where the token goes.
 * The token is --token, else PLANS_TOKEN, else the sync application's app-only token when it is
 * configured (PLANS_CLIENT_ID…), else the one `plans login` stored for that same API.
 */
export function connect(options: ApiOptions): { client: PlansClient; api: string } {
  const api = configuredApi(options) ?? DEFAULT_API;
  if (options.token !== undefined) process.stderr.write(TOKEN_ON_COMMAND_LINE);
  const microsoft = storedMicrosoftLogin(api);
  const application = appCredentialFromEnv();
  const token =
    options.token ??
    process.env.PLANS_TOKEN ??
    application?.tokenFor(apiResource()) ??
    storedToken(api) ??
    (microsoft ? microsoftTokenProvider(microsoft) : null);
  if (!token) {
    throw new CliError(`no token for ${api}`, {
      fix: 'run `plans login --api URL` or set PLANS_TOKEN (locally: `npx plans token --council C --role policy`)',
    });
  }
  // Long enough for a server restart; short enough that a forgotten `npm start` is said quickly.
  return { client: createPlansClient({ baseUrl: api, token, retryForMs: INTERACTIVE_RETRY_MS }), api };
}

/** The API the user gave, if they gave one. */
export function configuredApi(options: ApiOptions): string | null {
  return options.api ?? process.env.PLANS_API ?? null;
}

/** An API failure as its cause and what to do about it; null for any other error. */
export function apiFailure(error: unknown, api: string): { message: string; fix?: string } | null {
  if (error instanceof ApiUnreachableError)
    return {
      message: `could not reach the plans API at ${api}`,
      fix: 'is `npm start` running, or is --api right?',
    };
  if (error instanceof ApiReplyError)
    return {
      message: `the plans API at ${api} ${error.message.replace(/^the server /, '')}`,
      fix: 'update plans to the version the API runs (or ask whoever runs the API which that is)',
    };
  if (error instanceof ApiError) {
    if (error.status === 401)
      return {
        message: 'the token was refused',
        fix: "get a new one with `npx plans token …` (or your organisation's sign-in) and give it with PLANS_TOKEN or `plans login`",
      };
    return { message: `the plans API said: ${error.problem.detail}` };
  }
  return null;
}

/** The same, as the one line a person reads. */
export function apiErrorLine(error: unknown, api: string): string | null {
  const failure = apiFailure(error, api);
  return failure && (failure.fix ? `${failure.message}: ${failure.fix}` : failure.message);
}

/** An API failure as one line: the cause, and what to do about it. */
export function explainApiError(error: unknown, api: string): never {
  const failure = apiFailure(error, api);
  if (failure === null) throw error;
  throw new CliError(failure.message, failure.fix ? { fix: failure.fix } : {});
}
