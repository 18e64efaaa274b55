/** The one DynamoDB table that holds every council's plans, actions and change records. */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** Index names as the store queries them (functions/store); keys as DESIGN.md describes. */
export const INDEXES = {
  byRevision: { partitionKey: 'revPk', sortKey: 'revSk', sortType: AttributeType.NUMBER },
  byCouncil: { partitionKey: 'councilPk', sortKey: 'councilSk', sortType: AttributeType.STRING },
} as const;

export class PlansTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      // Councils' plans and their change history: never lost to a stray `cdk destroy`.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Idempotency records expire on their own.
      timeToLiveAttribute: 'expiresAt',
      globalSecondaryIndexes: Object.entries(INDEXES).map(([indexName, keys]) => ({
        indexName,
        partitionKey: { name: keys.partitionKey, type: AttributeType.STRING },
        sortKey: { name: keys.sortKey, type: keys.sortType },
      })),
    });
  }

  /** ARNs of the secondary indexes, named one by one so no policy needs `index/*`. */
  get indexArns(): string[] {
    return Object.keys(INDEXES).map((name) => `${this.table.tableArn}/index/${name}`);
  }
}
