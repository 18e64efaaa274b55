/**
 * The times and sizes that must agree across the server, the cloud stack and the clients, in one
 * place: each is safe only in its order with the others (tests/core/limits.test.ts asserts it).
 */

/** The API answers a request it cannot finish with a 503 by then (hono's timeout). */
export const REQUEST_DEADLINE_MS = 25_000;
/** The Lambda function's timeout: after the API's deadline, so a slow call still answers and logs. */
export const LAMBDA_TIMEOUT_SECONDS = 29;
/** API Gateway's HTTP API integration limit, which AWS fixes: the Lambda must end before it. */
export const GATEWAY_TIMEOUT_MS = 30_000;
/**
 * How long a sync's idempotency claim holds: longer than any sync may run (the deadline, the
 * Lambda's timeout), so a retry takes over only a claim whose holder died.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;
/**
 * How long the typed client retries a 503, a 409 "still being applied" or a dropped connection by
 * default: long enough to outlast the claim of a sync whose first attempt died.
 */
export const CLIENT_RETRY_MS = 45_000;
/** What an officer waits for in Excel or at the command line before being told to try again. */
export const INTERACTIVE_RETRY_MS = 10_000;
/**
 * A bulk write holding its revisions longer than this is given up on (fenced off, its hole filled):
 * longer than any request may run, with room to spare.
 */
export const ABANDONED_AFTER_MS = 90_000;

/** 5 MB: the API's body limit; a whole plan sync fits; Excel on the web caps its own requests at the same size. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** What a sync client puts in one request: under the body limit with room for the envelope. */
export const MAX_SYNC_REQUEST_BYTES = 4_500_000;
/** What the add-in puts in one `context.sync()`: under Excel on the web's 5 MB, with room for its envelope. */
export const MAX_EXCEL_REQUEST_BYTES = 4_000_000;
/** What the store puts in one transaction: under DynamoDB's 4 MB (4,194,304 bytes) with room for the marshalling. */
export const MAX_TRANSACTION_BYTES = 3_500_000;
/** DynamoDB's own limit on one TransactWriteItems call. */
export const DYNAMODB_TRANSACTION_BYTES = 4 * 1024 * 1024;
