/** A council's own item (its display name), beside its plans in the council's partition. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Council, nameFromId } from '../../core/council.js';
import type { Store } from './dynamodb.js';
import { councilPk } from './keys.js';
import { withBackoff } from './retry.js';

const councilKey = (council: string) => ({ pk: councilPk(council), sk: 'PROFILE' });

export async function getCouncil(store: Store, council: string): Promise<Council> {
  const { Item } = await withBackoff(() =>
    store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: councilKey(council), ConsistentRead: true }),
    ),
  );
  return typeof Item?.name === 'string'
    ? { id: council, name: Item.name, named: true }
    : { id: council, name: nameFromId(council), named: false };
}

export async function nameCouncil(store: Store, council: string, name: string): Promise<Council> {
  await withBackoff(() =>
    store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...councilKey(council), name } })),
  );
  return { id: council, name, named: true };
}
