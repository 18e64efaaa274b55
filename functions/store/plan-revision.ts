import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreClients } from './client.js';
import { PlanNotFoundError } from './errors.js';
import { type PlanRef, planKey } from './keys.js';
import { withBackoff } from './retry.js';

/** The plan's revision counter, read consistently: a transaction's condition is built on it. */
export async function readPlanRevision(store: StoreClients, ref: PlanRef): Promise<number> {
  const { Item } = await withBackoff(() =>
    store.doc.send(
      new GetCommand({
        TableName: store.tableName,
        Key: planKey(ref),
        ProjectionExpression: 'revision',
        ConsistentRead: true,
      }),
    ),
  );
  if (!Item) throw new PlanNotFoundError(ref.plan);
  return Number(Item.revision);
}
