/** Each test file gets its own table on the run's DynamoDB Local, so files run in parallel safely. */
import { inject } from 'vitest';
import { connectStore, type Store } from '../../functions/store/dynamodb.js';
import { ensureTable } from '../../functions/store/table.js';

let counter = 0;

export async function createTestStore(name = 'test'): Promise<Store> {
  const endpoint = inject('dynamoEndpoint');
  // As ElectroDB's tests do: refuse any endpoint but a local one, so a test can never touch AWS.
  if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(endpoint)) {
    throw new Error(`tests only run against DynamoDB Local, not ${endpoint}`);
  }
  const tableName = `${name}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const store = connectStore(tableName, endpoint);
  await ensureTable(store.raw, tableName);
  return store;
}
