/**
 * The council's people: who is in which directorates, assigned in the product rather than in a
 * token claim, so a move takes effect on the next request. Every assignment and removal is kept
 * beside the record (the people audit trail), written in the same transaction.
 */
import {
  GetCommand,
  type GetCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Person } from '../../core/plan.js';
import { type QueryInput, queryAll } from './actions.js';
import type { Store } from './dynamodb.js';
import { councilPk, personChangeKey, personChangePrefix, personKey, SK_PREFIX } from './keys.js';
import { withBackoff } from './retry.js';

export interface PersonChange {
  at: string;
  by: string;
  change: 'assigned' | 'removed';
  name: string;
  directorates: string[];
}

const toPerson = (item: Record<string, unknown>): Person => ({
  id: String(item.id),
  name: String(item.name),
  directorates: (item.directorates as string[] | undefined) ?? [],
  updatedBy: String(item.updatedBy),
  updatedAt: String(item.updatedAt),
});

/** Pure: the consistent read of one person's record (an assignment takes effect on the next request). */
export function readPersonRequest(tableName: string, council: string, id: string): GetCommandInput {
  return { TableName: tableName, Key: personKey(council, id), ConsistentRead: true };
}

export async function getPerson(store: Store, council: string, id: string): Promise<Person | null> {
  const { Item } = await withBackoff(() =>
    store.doc.send(new GetCommand(readPersonRequest(store.tableName, council, id))),
  );
  return Item ? toPerson(Item) : null;
}

/** Pure: the council's people records (not their trail), read consistently. */
export function peopleQuery(council: string): QueryInput {
  return {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': councilPk(council), ':prefix': SK_PREFIX.person },
    ConsistentRead: true,
  };
}

export async function listPeople(store: Store, council: string): Promise<Person[]> {
  const items = await queryAll(store, peopleQuery(council));
  return items.map(toPerson).sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/** Pure: one person's audit trail, read consistently. */
export function personHistoryQuery(council: string, id: string): QueryInput {
  return {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': councilPk(council), ':prefix': personChangePrefix(id) },
    ConsistentRead: true,
  };
}

export async function personHistory(store: Store, council: string, id: string): Promise<PersonChange[]> {
  const items = await queryAll(store, personHistoryQuery(council, id));
  return items.map(({ at, by, change, name, directorates }) => ({
    at: String(at),
    by: String(by),
    change: change as PersonChange['change'],
    name: String(name),
    directorates: (directorates as string[] | undefined) ?? [],
  }));
}

/** Pure: the trail's entry for one assignment or removal, under an id of its own (a ULID: by time). */
function personChangePut(
  tableName: string,
  council: string,
  id: string,
  changeId: string,
  entry: PersonChange,
) {
  return { TableName: tableName, Item: { ...personChangeKey(council, id, changeId), ...entry } };
}

/** Pure: the person's record and its trail entry, in one transaction: no assignment without its trace. */
export function personAssignRequest(
  tableName: string,
  council: string,
  record: Person,
  changeId: string,
): TransactWriteCommandInput {
  const { id, name, directorates, updatedBy: by, updatedAt: at } = record;
  return {
    TransactItems: [
      { Put: { TableName: tableName, Item: { ...personKey(council, id), ...record } } },
      {
        Put: personChangePut(tableName, council, id, changeId, {
          at,
          by,
          change: 'assigned',
          name,
          directorates,
        }),
      },
    ],
  };
}

/** Pure: the record deleted and the removal kept in the trail, with what the assignment was, in one transaction. */
export function personRemoveRequest(
  tableName: string,
  council: string,
  existing: Person,
  actor: { by: string; at: string },
  changeId: string,
): TransactWriteCommandInput {
  const { id, name, directorates } = existing;
  return {
    TransactItems: [
      { Delete: { TableName: tableName, Key: personKey(council, id) } },
      {
        Put: personChangePut(tableName, council, id, changeId, {
          ...actor,
          change: 'removed',
          name,
          directorates,
        }),
      },
    ],
  };
}

export async function putPerson(
  store: Store,
  council: string,
  person: { id: string; name: string; directorates: string[] },
  by: string,
): Promise<Person> {
  const record: Person = { ...person, updatedBy: by, updatedAt: new Date().toISOString() };
  await withBackoff(() =>
    store.doc.send(new TransactWriteCommand(personAssignRequest(store.tableName, council, record, ulid()))),
  );
  return record;
}

/** Removes the assignment (the token's claims count again); false when there was none. */
export async function deletePerson(store: Store, council: string, id: string, by: string): Promise<boolean> {
  const existing = await getPerson(store, council, id);
  if (!existing) return false;
  const actor = { by, at: new Date().toISOString() };
  await withBackoff(() =>
    store.doc.send(
      new TransactWriteCommand(personRemoveRequest(store.tableName, council, existing, actor, ulid())),
    ),
  );
  return true;
}
