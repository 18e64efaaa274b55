/** The one DynamoDB table that holds every council's plans, actions and change records. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INDEXES, type KeyType, TABLE_KEYS, TTL_ATTRIBUTE } from '../functions/store/schema.js';

const ATTRIBUTE_TYPE: Record<KeyType, AttributeType> = { S: AttributeType.STRING, N: AttributeType.NUMBER };

export class PlansTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      // Councils' plans and their change history: never lost to a stray `cdk destroy`.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Idempotency records and sync runs expire on their own.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      globalSecondaryIndexes: Object.entries(INDEXES).map(([indexName, keys]) => ({
        indexName,
        partitionKey: { name: keys.partitionKey, type: AttributeType.STRING },
        sortKey: { name: keys.sortKey, type: ATTRIBUTE_TYPE[keys.sortType] },
      })),
    });
  }

  /** ARNs of the secondary indexes, named one by one so no policy needs `index/*`. */
  get indexArns(): string[] {
    return Object.keys(INDEXES).map((name) => `${this.table.tableArn}/index/${name}`);
  }
}
