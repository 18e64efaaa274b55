/** The table's shape for the local server and the tests, built from schema.ts as the CDK stack is. */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DescribeTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb';
import { INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from './schema.js';

export { TTL_ATTRIBUTE };

/** Pure: asks whether the table is there. */
export function describeTableRequest(tableName: string): DescribeTableCommandInput {
  return { TableName: tableName };
}

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const indexes = Object.entries(INDEXES);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
      { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
      ...indexes.flatMap(([, keys]) => [
        { AttributeName: keys.partitionKey, AttributeType: 'S' as const },
        { AttributeName: keys.sortKey, AttributeType: keys.sortType },
      ]),
    ],
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map(([IndexName, keys]) => ({
      IndexName,
      KeySchema: [
        { AttributeName: keys.partitionKey, KeyType: 'HASH' },
        { AttributeName: keys.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** Pure: DynamoDB's TTL switched on for the schema's attribute (idempotency records, sync runs expire). */
export function timeToLiveRequest(tableName: string): UpdateTimeToLiveCommandInput {
  return { TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } };
}

/** Creates the table when missing; safe to call at every start. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand(describeTableRequest(tableName)));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await client.send(new UpdateTimeToLiveCommand(timeToLiveRequest(tableName)));
}
