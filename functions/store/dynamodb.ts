/** The store: the plan table's name and its DynamoDB connections (raw, and the document client over it). */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Store {
  raw: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tableName: string;
}

/** DynamoDB Local accepts any credentials; the cloud uses the Lambda role's. */
export function connectStore(tableName: string, endpoint?: string, extra: DynamoDBClientConfig = {}): Store {
  const raw = new DynamoDBClient({
    // A stopped or hung table must fail a request in seconds, not hold it until the Lambda dies.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
    maxAttempts: 2,
    ...(endpoint
      ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    ...extra,
  });
  const doc = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { raw, doc, tableName };
}
