/** The API Lambda (functions/lambda.ts), bundled locally by esbuild, with a role that can do only its job. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LAMBDA_TIMEOUT_SECONDS } from '../core/limits.js';
import type { AuthConfig, LogLevel } from './config.js';
import { lambdaEntry, lockFile, repoRoot } from './paths.js';
import type { PlansTable } from './table.js';

export const SERVICE_NAME = 'peer-challenge-plans';

/**
 * What the store sends. IAM has no TransactWriteItems action: each item of a transaction is
 * authorised as its own PutItem, UpdateItem or ConditionCheckItem. Deletes are tombstones
 * (UpdateItem), so DeleteItem is not granted; nor is Scan.
 */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:DescribeTable',
];

/** Lets `import`-only ESM output load the CommonJS packages esbuild bundles. */
export const REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** How every Lambda of the stack is bundled: one ESM file, minified, with its source map. */
export const LAMBDA_BUNDLING = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: REQUIRE_SHIM,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Text as UTF-8, not \uXXXX escapes: zod's locales alone would otherwise add about 70 KB.
  charset: Charset.UTF8,
  // The SDK version the tests ran against, not whichever one the runtime ships.
  bundleAwsSDK: true,
  externalModules: [],
};

export interface ApiFunctionProps {
  readonly table: PlansTable;
  readonly auth: AuthConfig;
  /** The add-in's origin, for the app's own CORS handling. */
  readonly corsOrigin: string;
  readonly logLevel: LogLevel;
  /** Council id → display name, for /me (COUNCIL_NAMES). */
  readonly councilNames?: Record<string, string> | undefined;
}

export class ApiFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const { table, auth } = props;
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      // Kept after `cdk destroy`: they are the record of who called what; retention still expires them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole, whose log rights cover every log group.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Peer challenge plans API: its own log group and the plans table, nothing else',
    });
    role.addToPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({ sid: 'PlansTable', actions: TABLE_ACTIONS, resources: [table.table.tableArn] }),
    );
    role.addToPolicy(
      new PolicyStatement({ sid: 'PlansIndexes', actions: ['dynamodb:Query'], resources: table.indexArns }),
    );

    this.fn = new NodejsFunction(this, 'Handler', {
      description: 'Peer challenge plans API (Hono)',
      entry: lambdaEntry,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: lockFile,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      // Under the HTTP API's 30 s integration limit, so a slow call ends in the function's log.
      timeout: Duration.seconds(LAMBDA_TIMEOUT_SECONDS),
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel[props.logLevel],
      environment: {
        TABLE_NAME: table.table.tableName,
        AUTH_ISSUER: auth.issuer,
        AUTH_AUDIENCE: auth.audience,
        AUTH_JWKS_URL: auth.jwksUrl,
        ...(auth.council ? { AUTH_COUNCIL: auth.council } : {}),
        ...(auth.scope ? { AUTH_SCOPE: auth.scope } : {}),
        ...(auth.tenants ? { AUTH_TENANTS: JSON.stringify(auth.tenants) } : {}),
        ...(props.councilNames ? { COUNCIL_NAMES: JSON.stringify(props.councilNames) } : {}),
        CORS_ORIGIN: props.corsOrigin,
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        // No --enable-source-maps: it costs every cold start (see bench/lambda.ts); the .map beside the
        // bundle still turns a logged stack's minified positions back into source lines offline.
      },
      bundling: LAMBDA_BUNDLING,
    });
  }
}
