/**
 * The council's people: who is in which directorates, assigned in the product rather than in a
 * token claim, so a move takes effect on the next request. Every assignment and removal is kept
 * beside the record (the people audit trail), written in the same transaction.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Person } from '../../core/plan.js';
import { queryAll } from './actions.js';
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

export async function getPerson(store: Store, council: string, id: string): Promise<Person | null> {
  const { Item } = await withBackoff(() =>
    store.doc.send(
      new GetCommand({ TableName: store.tableName, Key: personKey(council, id), ConsistentRead: true }),
    ),
  );
  return Item ? toPerson(Item) : null;
}

export async function listPeople(store: Store, council: string): Promise<Person[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': councilPk(council), ':prefix': SK_PREFIX.person },
    ConsistentRead: true,
  });
  return items.map(toPerson).sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

export async function personHistory(store: Store, council: string, id: string): Promise<PersonChange[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': councilPk(council), ':prefix': personChangePrefix(id) },
    ConsistentRead: true,
  });
  return items.map(({ at, by, change, name, directorates }) => ({
    at: String(at),
    by: String(by),
    change: change as PersonChange['change'],
    name: String(name),
    directorates: (directorates as string[] | undefined) ?? [],
  }));
}

export async function putPerson(
  store: Store,
  council: string,
  person: { id: string; name: string; directorates: string[] },
  by: string,
): Promise<Person> {
  const at = new Date().toISOString();
  const record: Person = { ...person, updatedBy: by, updatedAt: at };
  await withBackoff(() =>
    store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: store.tableName, Item: { ...personKey(council, person.id), ...record } } },
          {
            Put: {
              TableName: store.tableName,
              Item: {
                ...personChangeKey(council, person.id, ulid()),
                at,
                by,
                change: 'assigned',
                name: person.name,
                directorates: person.directorates,
              },
            },
          },
        ],
      }),
    ),
  );
  return record;
}

/** Removes the assignment (the token's claims count again); false when there was none. */
export async function deletePerson(store: Store, council: string, id: string, by: string): Promise<boolean> {
  const existing = await getPerson(store, council, id);
  if (!existing) return false;
  await withBackoff(() =>
    store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: store.tableName, Key: personKey(council, id) } },
          {
            Put: {
              TableName: store.tableName,
              Item: {
                ...personChangeKey(council, id, ulid()),
                at: new Date().toISOString(),
                by,
                change: 'removed',
                name: existing.name,
                directorates: existing.directorates,
              },
            },
          },
        ],
      }),
    ),
  );
  return true;
}
