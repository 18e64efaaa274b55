/**
 * Counts the requests a DynamoDBClient sends, per command. The middleware sits in the deserialize
 * step, after the SDK's retry middleware, so it sees every attempt that goes over the wire (a
 * retried call counts twice), and every client made with DynamoDBDocumentClient.from(raw) too,
 * since the document client shares the raw client's middleware stack.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DeserializeMiddleware, HandlerExecutionContext, MetadataBearer } from '@smithy/types';

export interface RequestCounter {
  /** Requests since the last reset, by command name (e.g. "TransactWriteItemsCommand"). */
  snapshot(): Record<string, number>;
  /** Milliseconds spent waiting on those requests, by command name (concurrent requests overlap). */
  timings(): Record<string, number>;
  total(): number;
  reset(): void;
  /** Removes the middleware from the client. */
  detach(): void;
}

let counters = 0;

export function countRequests(client: DynamoDBClient): RequestCounter {
  const name = `benchRequestCounter${counters++}`;
  let counts: Record<string, number> = {};
  let times: Record<string, number> = {};
  const middleware: DeserializeMiddleware<object, MetadataBearer> =
    (next, context: HandlerExecutionContext) => async (args) => {
      const command = context.commandName ?? 'unknown';
      counts[command] = (counts[command] ?? 0) + 1;
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        times[command] = (times[command] ?? 0) + performance.now() - started;
      }
    };
  client.middlewareStack.add(middleware, { step: 'deserialize', name });
  return {
    snapshot: () => ({ ...counts }),
    timings: () => ({ ...times }),
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    reset: () => {
      counts = {};
      times = {};
    },
    detach: () => {
      client.middlewareStack.remove(name);
    },
  };
}
