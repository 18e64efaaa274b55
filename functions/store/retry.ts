/** Retries with capped exponential backoff and full jitter, as AWS's architecture guidance advises. */
import { StoreBusyError, StoreUnavailableError } from './errors.js';

const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
]);

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'TimeoutError',
]);

class RetrySignal extends Error {}

export interface Attempt {
  readonly number: number;
  /** Abandons this attempt and runs the function again after a pause. */
  retry(cause: unknown): never;
}

export interface BackoffOptions {
  attempts?: number;
  baseMs?: number;
  capMs?: number;
}

export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return UNREACHABLE.has(error.name) || (code !== undefined && UNREACHABLE.has(code));
}

export function isRetryable(error: unknown): boolean {
  return error instanceof Error && RETRYABLE.has(error.name);
}

export async function withBackoff<T>(
  fn: (attempt: Attempt) => Promise<T>,
  { attempts = 12, baseMs = 15, capMs = 1_000 }: BackoffOptions = {},
): Promise<T> {
  let lastCause: unknown;
  for (let number = 1; number <= attempts; number++) {
    const attempt: Attempt = {
      number,
      retry(cause) {
        lastCause = cause;
        throw new RetrySignal();
      },
    };
    try {
      return await fn(attempt);
    } catch (error) {
      if (isUnreachable(error)) throw new StoreUnavailableError(error);
      if (!(error instanceof RetrySignal) && !isRetryable(error)) throw error;
      if (!(error instanceof RetrySignal)) lastCause = error;
    }
    const pause = Math.random() * Math.min(capMs, baseMs * 2 ** number);
    await new Promise((r) => setTimeout(r, pause));
  }
  throw new StoreBusyError(lastCause);
}
