/**
 * Commits to one plan queue up within a server process. Across processes (Lambda instances) the
 * revision counter's condition still keeps order; this only spares one process's own requests
 * from racing each other for the counter and retrying.
 */
const tails = new Map<string, Promise<unknown>>();

export async function inPlanQueue<T>(planKey: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(planKey) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  tails.set(planKey, tail);
  try {
    return await run;
  } finally {
    if (tails.get(planKey) === tail) tails.delete(planKey);
  }
}
