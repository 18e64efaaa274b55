/**
 * The DynamoDB requests a piece of work sends, in waves: a request's wave is one more than the
 * latest wave answered before it left, so the requests of one wave were in flight together and
 * each wave waited on the one before. The number of waves is how many round trips to DynamoDB the
 * work waits through, one after another (no clock involved).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export async function wavesOf(client: DynamoDBClient, work: () => Promise<unknown>): Promise<string[][]> {
  const sent: { command: string; wave: number; answered: boolean }[] = [];
  const name = 'waves';
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const answered = sent.filter((r) => r.answered).map((r) => r.wave);
      const request = {
        command: String(context.commandName),
        wave: 1 + Math.max(0, ...answered),
        answered: false,
      };
      sent.push(request);
      try {
        return await next(args);
      } finally {
        request.answered = true;
      }
    },
    // After the SDK's retries, as bench/counting.ts counts: every attempt that goes over the wire.
    { step: 'deserialize', name },
  );
  try {
    await work();
  } finally {
    client.middlewareStack.remove(name);
  }
  const depth = Math.max(0, ...sent.map((r) => r.wave));
  return Array.from({ length: depth }, (_, i) =>
    sent
      .filter((r) => r.wave === i + 1)
      .map((r) => r.command.replace(/Command$/, ''))
      .sort(),
  );
}
