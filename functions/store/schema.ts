/**
 * The table's schema, once: its keys, its indexes (named by access pattern) and its TTL attribute.
 * The local table (table.ts) and the CDK stack (infra/table.ts) are both built from it. Pure data.
 */

export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** S for string, N for number, as DynamoDB names attribute types. */
export type KeyType = 'S' | 'N';

export interface IndexSchema {
  partitionKey: string;
  sortKey: string;
  sortType: KeyType;
}

/** Every secondary index: a string partition key, projecting all attributes. */
export const INDEXES = {
  /** Change records by (plan, revision): "what changed since N". */
  byRevision: { partitionKey: 'revPk', sortKey: 'revSk', sortType: 'N' },
  /** Actions, plans and recommendations by council, then directorate: roll-ups. */
  byCouncil: { partitionKey: 'councilPk', sortKey: 'councilSk', sortType: 'S' },
} as const satisfies Record<string, IndexSchema>;

export type IndexName = keyof typeof INDEXES;

/** Epoch seconds after which DynamoDB removes the item (idempotency records, sync runs). */
export const TTL_ATTRIBUTE = 'expiresAt';
