/**
 * The scheduled sync: EventBridge Scheduler → a Lambda (functions/scheduled-sync-lambda.ts) that
 * syncs a council's SharePoint/OneDrive workbooks, one schedule per council. The Lambda signs in
 * to Entra as the sync application with a token from AWS STS (IAM outbound identity federation),
 * so no secret is stored; it calls the API by its URL, so it has no table rights; its working
 * copies live in its own /tmp.
 */
import { Duration, RemovalPolicy, Size, Stack, TimeZone } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FEDERATED_AUDIENCE } from '../cli/client-assertion.js';
import { LAMBDA_BUNDLING, SERVICE_NAME } from './api-function.js';
import type { LogLevel, ScheduledSyncConfig } from './config.js';
import { lockFile, repoRoot, scheduledSyncEntry } from './paths.js';

/** Where working copies go: the function's ephemeral storage, the only writable place in Lambda. */
export const SYNC_WORK_FOLDER = '/tmp/plans-graph';

/**
 * Long enough for a list of many workbooks at four at a time (a workbook takes seconds; Graph may
 * ask to wait up to 120 s before the run gives it up), under Lambda's 15-minute limit.
 */
export const SYNC_TIMEOUT = Duration.minutes(14);

export interface ScheduledSyncProps {
  readonly sync: ScheduledSyncConfig;
  /** The plans API's URL, which the function calls as the sync application. */
  readonly apiUrl: string;
  /** The plans API's application ID URI (the token audience). */
  readonly apiResource: string;
  readonly alarmTopic: ITopic;
  readonly logLevel: LogLevel;
}

export class ScheduledSync extends Construct {
  readonly fn: NodejsFunction;
  readonly schedules: Schedule[];
  readonly errorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ScheduledSyncProps) {
    super(scope, id);
    const { sync } = props;
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Peer challenge plans scheduled sync: its own log group and a web identity token for Entra, nothing else',
    });
    role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    // STS gives no resource to name: the conditions hold the token to Entra's audience, RS256
    // and five minutes (the condition keys of IAM outbound identity federation).
    role.addToPolicy(
      new PolicyStatement({
        sid: 'TokenForEntra',
        actions: ['sts:GetWebIdentityToken'],
        resources: ['*'],
        conditions: {
          'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': [FEDERATED_AUDIENCE] },
          StringEquals: { 'sts:SigningAlgorithm': 'RS256' },
          NumericLessThanEquals: { 'sts:DurationSeconds': 300 },
        },
      }),
    );
    this.fn = new NodejsFunction(this, 'Handler', {
      description: 'Peer challenge plans: scheduled sync of SharePoint/OneDrive workbooks',
      entry: scheduledSyncEntry,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      // Workbooks are read and written whole, four at once.
      memorySize: 2048,
      ephemeralStorageSize: Size.mebibytes(2048),
      timeout: SYNC_TIMEOUT,
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[props.logLevel],
      environment: {
        PLANS_API: props.apiUrl,
        PLANS_API_RESOURCE: props.apiResource,
        PLANS_TENANT_ID: sync.tenantId,
        PLANS_CLIENT_ID: sync.clientId,
        PLANS_CLIENT_FEDERATION: 'aws',
        PLANS_GRAPH_WORK: SYNC_WORK_FOLDER,
        ...(sync.sharepointHosts ? { PLANS_SHAREPOINT_HOSTS: sync.sharepointHosts } : {}),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
      },
      bundling: LAMBDA_BUNDLING,
    });
    // The schedules' own role (rather than CDK's shared one at the stack's root): it may invoke this
    // function and nothing else.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description:
        'Peer challenge plans scheduled sync: EventBridge Scheduler invokes the sync function, nothing else',
    });
    this.schedules = Object.entries(sync.schedules).map(
      ([council, expression]) =>
        new Schedule(this, `Schedule-${council}`, {
          description: `Sync ${council}'s workbooks in SharePoint and OneDrive`,
          schedule: ScheduleExpression.expression(expression, TimeZone.EUROPE_LONDON),
          target: new LambdaInvoke(this.fn, {
            role: schedulerRole,
            input: ScheduleTargetInput.fromObject({ council }),
            // The next scheduled run is the retry: two runs of one list at once would only collide.
            retryAttempts: 0,
          }),
        }),
    );
    // A run that could not start or could not record its outcomes (a workbook that failed is in
    // the sync-run log, and SyncRunFailures alarms on it).
    this.errorsAlarm = new Alarm(this, 'Errors', {
      metric: this.fn.metricErrors({ period: Duration.minutes(15), statistic: Stats.SUM }),
      alarmDescription:
        'The scheduled sync did not run (no sign-in, the sync list unreadable, a timeout) or could not record its runs: see its log.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.errorsAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
