/** What the store reports; the API turns each into a problem+json response. */

export class PlanNotFoundError extends Error {
  constructor(readonly plan: string) {
    super(`plan ${plan} was not found`);
    this.name = 'PlanNotFoundError';
  }
}

/** DynamoDB cannot be reached (stopped, network down, timed out). */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the plan store could not be reached', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** DynamoDB answered, but kept refusing (throttled, or the plan too busy) after every retry. */
export class StoreBusyError extends Error {
  constructor(cause: unknown) {
    super('the plan store is busy', { cause });
    this.name = 'StoreBusyError';
  }
}

/**
 * A bulk write paused so long that readers gave up on its revisions and fenced it off: it may not
 * land now (readers' cursors are past it). Runs written before the fence are whole; a retry of the
 * same sync writes the rest.
 */
export class BulkWriteFencedError extends Error {
  constructor(readonly block: string) {
    super(`bulk write ${block} was given up on by readers and stopped`);
    this.name = 'BulkWriteFencedError';
  }
}
