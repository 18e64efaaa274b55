import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_POLICY } from '../../functions/cors-policy.js';
import { buildStack, removeOutdirs } from './synth.js';

afterAll(removeOutdirs);

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
}
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

let template: Template;

// One synth, shared by every test in this file (the real bundle is tested in lambda-bundle.test.ts).
beforeAll(() => {
  template = Template.fromStack(buildStack().stack);
}, 60_000);

const only = (type: string): [string, Resource] => {
  const entries = Object.entries(template.findResources(type) as Record<string, Resource>);
  expect(entries).toHaveLength(1);
  return entries[0]!;
};
const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('DynamoDB table', () => {
  it('when synthesised, then it is on-demand, encrypted, recoverable, deletion-protected and retained', () => {
    const [, table] = only('AWS::DynamoDB::GlobalTable');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      Replicas: [
        {
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      ],
    });
  });

  it.each([
    ['byRevision', 'revPk', 'revSk', 'N'],
    ['byCouncil', 'councilPk', 'councilSk', 'S'],
  ])('when synthesised, then index %s is keyed on %s / %s and projects all', (name, pk, sk, skType) => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: pk, AttributeType: 'S' },
        { AttributeName: sk, AttributeType: skType },
      ]),
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: name,
          KeySchema: [
            { AttributeName: pk, KeyType: 'HASH' },
            { AttributeName: sk, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
    });
  });
});

describe('API function', () => {
  it('when synthesised, then it runs Node 24 on arm64 with JSON logs to a log group kept for a year', () => {
    const [tableId] = only('AWS::DynamoDB::GlobalTable');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 29,
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', LogGroup: { Ref: Match.anyValue() } },
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: tableId },
          AUTH_ISSUER: 'https://login.microsoftonline.com/common/v2.0',
          AUTH_AUDIENCE: 'api://peer-challenge-plans',
          AUTH_JWKS_URL: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
          CORS_ORIGIN: Match.anyValue(),
          POWERTOOLS_SERVICE_NAME: 'peer-challenge-plans',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: Match.absent(),
        },
      },
    });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
    const kept = template.findResources('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
    expect(Object.keys(kept).sort()).toEqual([
      expect.stringMatching(/^ApiFunctionLogs/),
      expect.stringMatching(/^HttpAccessLogs/),
    ]);
  });
});

describe('IAM', () => {
  const statements = (): { policy: string; statement: Statement }[] =>
    Object.entries(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).flatMap(
      ([policy, r]) =>
        (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement.map((statement) => ({
          policy,
          statement,
        })),
    );

  it('when synthesised, then no statement grants a whole service or everything', () => {
    for (const { statement } of statements()) {
      for (const action of list(statement.Action)) expect(action).not.toMatch(/^\*$|:\*$/);
    }
  });

  it('when synthesised, then the API role has no managed policy and only explicit actions', () => {
    const [, fn] = Object.entries(
      template.findResources('AWS::Lambda::Function') as Record<string, Resource>,
    ).find(([, r]) => r.Properties.Runtime === 'nodejs24.x')!;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = (template.findResources('AWS::IAM::Role') as Record<string, Resource>)[roleId]!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const own = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>).filter(
      (p) =>
        (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    );
    const actions = own.flatMap((p) =>
      (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.flatMap((s) => list(s.Action)),
    );
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).not.toContain('*');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it('when synthesised, then DynamoDB statements name only the table and its two indexes', () => {
    const [tableId] = only('AWS::DynamoDB::GlobalTable');
    const index = (name: string) => ({ 'Fn::Join': ['', [getAtt(tableId, 'Arn'), `/index/${name}`]] });
    const allowed = [getAtt(tableId, 'Arn'), index('byRevision'), index('byCouncil')].map((r) =>
      JSON.stringify(r),
    );
    const dynamo = statements().filter(({ statement }) =>
      list(statement.Action).some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo.length).toBeGreaterThan(0);
    for (const { statement } of dynamo) {
      for (const resource of list(statement.Resource)) expect(allowed).toContain(JSON.stringify(resource));
    }
  });
});

describe('HTTP API', () => {
  it("when synthesised, then CORS allows exactly the add-in's origin, its headers and methods", () => {
    const [distributionId] = only('AWS::CloudFront::Distribution');
    const addinOrigin = { 'Fn::Join': ['', ['https://', getAtt(distributionId, 'DomainName')]] };
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: [addinOrigin],
        AllowHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key'],
        AllowMethods: [...CORS_POLICY.allowMethods],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CORS_ORIGIN: addinOrigin }) },
    });
  });

  it('when synthesised, then CORS is the API’s own policy, PUT (people records) included', () => {
    expect(CORS_POLICY.allowMethods).toContain('PUT');
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowMethods: [...CORS_POLICY.allowMethods],
        ExposeHeaders: [...CORS_POLICY.exposeHeaders],
        MaxAge: CORS_POLICY.maxAgeSeconds,
      }),
    });
  });

  it('when synthesised, then API Gateway checks the issuer and audience of the JWT on /councils/* and /me', () => {
    const [authorizerId, authorizer] = only('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [expect.any(String)],
        Issuer: expect.stringMatching(/^https:\/\/login\.microsoftonline\.com\/.+\/v2\.0$/),
      },
    });
    for (const routeKey of ['ANY /councils/{proxy+}', 'ANY /me'])
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
  });

  it('when synthesised, then the default stage is throttled and writes JSON access logs', () => {
    const [logsId] = Object.entries(template.findResources('AWS::Logs::LogGroup')).find(([id]) =>
      id.startsWith('HttpAccessLogs'),
    )!;
    const [, stage] = only('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: getAtt(logsId, 'Arn') },
    });
    const format = JSON.parse((stage.Properties.AccessLogSettings as { Format: string }).Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
  });
});

describe('add-in hosting', () => {
  it('when synthesised, then the bucket is private, encrypted and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('when synthesised, then CloudFront redirects to HTTPS and reads the bucket through OAC', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: Match.anyValue(),
        }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
  });

  it('when synthesised, then the security headers include HSTS and nosniff but nothing that stops Office framing the task pane', () => {
    const [, policy] = only('AWS::CloudFront::ResponseHeadersPolicy');
    const headers = (
      policy.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> }
    ).SecurityHeadersConfig;
    expect(headers).toMatchObject({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 31_536_000,
        IncludeSubdomains: true,
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin' },
    });
    expect(headers.FrameOptions).toBeUndefined();
    expect(headers.ContentSecurityPolicy).toBeUndefined();
  });

  it('when synthesised, then the add-in files are deployed and CloudFront invalidated', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', { DistributionPaths: ['/*'] });
  });
});

describe('alarms and outputs', () => {
  it.each([
    ['Errors', 'AWS/Lambda'],
    ['Throttles', 'AWS/Lambda'],
    ['5xx', 'AWS/ApiGateway'],
    ['ServerErrors', 'PeerChallengePlans'],
    ['SyncRunFailures', 'PeerChallengePlans'],
  ])('when synthesised, then %s in %s raises an alarm to the topic', (metric, namespace) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metric,
      Namespace: namespace,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmsTopic') }],
    });
  });

  it.each(['SystemErrors', 'ThrottledRequests'])(
    'when synthesised, then DynamoDB %s across the operations raises an alarm',
    (metric) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: Match.arrayWith([
          Match.objectLike({
            MetricStat: Match.objectLike({
              Metric: Match.objectLike({ MetricName: metric, Namespace: 'AWS/DynamoDB' }),
            }),
          }),
        ]),
      });
    },
  );

  it('when synthesised, then it outputs the API and add-in URLs and the manifest command', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'AddinUrl', 'ManifestCommand']));
    expect(JSON.stringify(outputs.ManifestCommand?.Value)).toMatch(
      /npm run manifest -- --url https:\/\/.*--api https:\/\//,
    );
  });
});
