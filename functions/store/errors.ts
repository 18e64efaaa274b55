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
