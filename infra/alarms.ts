/** Alarms for what needs a person: failing or throttled API calls and DynamoDB faults. */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../functions/request-log.js';
import { SERVICE_NAME } from './api-function.js';

/** The operations the API sends; at most 10, the metric-math limit for one alarm. */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.QUERY,
  Operation.BATCH_GET_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

const PERIOD = Duration.minutes(5);

export interface PlansAlarmsProps {
  readonly fn: IFunction;
  readonly table: TableV2;
  readonly api: HttpApi;
  /** Subscribed to the alarm topic when given (the address must confirm the subscription). */
  readonly alarmEmail: string | undefined;
}

export class PlansAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: PlansAlarmsProps) {
    super(scope, id);
    const { fn, table, api } = props;
    this.topic = new Topic(this, 'Topic', { displayName: 'Peer challenge plans alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const sum = { period: PERIOD, statistic: Stats.SUM };
    const watch: Record<string, { metric: IMetric; description: string }> = {
      LambdaErrors: {
        metric: fn.metricErrors(sum),
        description: 'The API function failed (an unhandled error or a timeout).',
      },
      LambdaThrottles: {
        metric: fn.metricThrottles(sum),
        description: 'The API function was throttled: the account concurrency limit was reached.',
      },
      Api5xx: {
        metric: api.metricServerError(sum),
        description: 'The API answered with a 5xx: errors the app handled, or a Lambda failure.',
      },
      AppServerErrors: {
        metric: new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'ServerErrors',
          dimensionsMap: { service: SERVICE_NAME },
          ...sum,
        }),
        description:
          'The API answered 5xx itself (the store unavailable, or an unexpected error): its log lines have level ERROR, with the request id, council, plan and route.',
      },
      SyncRunFailures: {
        metric: new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'SyncRunFailures',
          dimensionsMap: { service: SERVICE_NAME },
          ...sum,
        }),
        description:
          'An automated sync (plans sync-all) recorded a workbook that failed: GET /councils/{c}/sync-runs says which and why.',
      },
      DynamoSystemErrors: {
        metric: table.metricSystemErrorsForOperations({ ...sum, operations: TABLE_OPERATIONS }),
        description: 'DynamoDB returned 500s (its own faults) on the plans table.',
      },
      DynamoThrottles: {
        metric: table.metricThrottledRequestsForOperations({ ...sum, operations: TABLE_OPERATIONS }),
        description: 'DynamoDB throttled requests on the plans table.',
      },
    };
    const action = new SnsAction(this.topic);
    this.alarms = Object.entries(watch).map(([name, { metric, description }]) => {
      const alarm = new Alarm(this, name, {
        metric,
        alarmDescription: description,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      return alarm;
    });
  }
}
