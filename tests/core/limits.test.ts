/** The limits are safe only in order: each test names the failure the order prevents. */
import { describe, expect, it } from 'vitest';
import {
  ABANDONED_AFTER_MS,
  CLIENT_RETRY_MS,
  DYNAMODB_TRANSACTION_BYTES,
  GATEWAY_TIMEOUT_MS,
  IDEMPOTENCY_LEASE_MS,
  INTERACTIVE_RETRY_MS,
  LAMBDA_TIMEOUT_SECONDS,
  MAX_BODY_BYTES,
  MAX_EXCEL_REQUEST_BYTES,
  MAX_SYNC_REQUEST_BYTES,
  MAX_TRANSACTION_BYTES,
  REQUEST_DEADLINE_MS,
} from '../../core/limits.js';

const LAMBDA_TIMEOUT_MS = LAMBDA_TIMEOUT_SECONDS * 1_000;

describe('times', () => {
  it('when a request runs long, then the API answers before the Lambda is killed, and the Lambda ends before the gateway gives up', () => {
    expect(REQUEST_DEADLINE_MS).toBeLessThan(LAMBDA_TIMEOUT_MS);
    expect(LAMBDA_TIMEOUT_MS).toBeLessThan(GATEWAY_TIMEOUT_MS);
  });

  it('when a sync is still running, then its idempotency claim outlives it, so no retry takes over a live claim', () => {
    expect(LAMBDA_TIMEOUT_MS).toBeLessThanOrEqual(IDEMPOTENCY_LEASE_MS);
  });

  it('when a sync died holding its claim, then the default client retry outlasts the claim', () => {
    expect(CLIENT_RETRY_MS).toBeGreaterThan(IDEMPOTENCY_LEASE_MS);
  });

  it('when an officer waits, then the interactive retry is shorter than the default', () => {
    expect(INTERACTIVE_RETRY_MS).toBeLessThan(CLIENT_RETRY_MS);
  });

  it('when a bulk write is given up on, then no request that may still be running holds it', () => {
    const longestRequest = Math.max(REQUEST_DEADLINE_MS, LAMBDA_TIMEOUT_MS, IDEMPOTENCY_LEASE_MS);
    expect(ABANDONED_AFTER_MS).toBeGreaterThan(longestRequest);
  });
});

describe('sizes', () => {
  it('when a client packs a sync, then it fits the API body limit with room for the envelope', () => {
    expect(MAX_SYNC_REQUEST_BYTES).toBeLessThan(MAX_BODY_BYTES);
  });

  it('when the add-in packs an Excel request, then it fits under a sync request and Excel on the web’s 5 MB', () => {
    expect(MAX_EXCEL_REQUEST_BYTES).toBeLessThan(MAX_SYNC_REQUEST_BYTES);
    expect(MAX_EXCEL_REQUEST_BYTES).toBeLessThan(5 * 1024 * 1024);
  });

  it('when the store packs a transaction, then it fits DynamoDB’s 4 MB', () => {
    expect(MAX_TRANSACTION_BYTES).toBeLessThan(DYNAMODB_TRANSACTION_BYTES);
  });
});
