/** A council's own item (its display name), beside its plans in the council's partition. */
import { GetCommand, type GetCommandInput, PutCommand, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { type Council, nameFromId } from '../../core/council.js';
import type { Store } from './dynamodb.js';
import { councilProfileKey } from './keys.js';
import { withBackoff } from './retry.js';

/** Pure: the consistent read of the council's own item. */
export function readCouncilRequest(tableName: string, council: string): GetCommandInput {
  return { TableName: tableName, Key: councilProfileKey(council), ConsistentRead: true };
}

/** Pure: the council's display name; naming it again replaces the name. */
export function councilNameRequest(tableName: string, council: string, name: string): PutCommandInput {
  return { TableName: tableName, Item: { ...councilProfileKey(council), name } };
}

export async function getCouncil(store: Store, council: string): Promise<Council> {
  const { Item } = await withBackoff(() =>
    store.doc.send(new GetCommand(readCouncilRequest(store.tableName, council))),
  );
  return typeof Item?.name === 'string'
    ? { id: council, name: Item.name, named: true }
    : { id: council, name: nameFromId(council), named: false };
}

export async function nameCouncil(store: Store, council: string, name: string): Promise<Council> {
  await withBackoff(() => store.doc.send(new PutCommand(councilNameRequest(store.tableName, council, name))));
  return { id: council, name, named: true };
}
