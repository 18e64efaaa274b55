/** The scheduled sync in the stack: one schedule per council → the sync Lambda, least privilege, its alarm. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.js';
import { buildStack, PROD_CONTEXT, removeOutdirs } from './synth.js';

afterAll(removeOutdirs);

const SYNC_APP = 'c0ffee00-0000-4000-8000-0000000000c1';
const SYNC_CONTEXT = {
  ...PROD_CONTEXT,
  syncClientId: SYNC_APP,
  syncSchedules: JSON.stringify({ chorley: 'cron(0 2 * * ? *)', 'west-lancs': 'rate(6 hours)' }),
  sharepointHosts: 'chorley.sharepoint.com',
};

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Sid?: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

let template: Template;
let syncFunction: string;

beforeAll(() => {
  template = Template.fromStack(buildStack(SYNC_CONTEXT).stack);
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('scheduled sync') },
  });
  expect(Object.keys(functions)).toHaveLength(1);
  syncFunction = Object.keys(functions)[0] as string;
}, 60_000);

const policyOf = (roleId: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

describe('the scheduled sync', () => {
  it('when syncSchedules names two councils, then each has a schedule in UK time that invokes the sync Lambda with its council, without retries', () => {
    const schedules = Object.values(
      template.findResources('AWS::Scheduler::Schedule') as Record<string, Resource>,
    );
    expect(schedules.map((s) => s.Properties.ScheduleExpression).sort()).toEqual([
      'cron(0 2 * * ? *)',
      'rate(6 hours)',
    ]);
    for (const schedule of schedules) {
      expect(schedule.Properties).toMatchObject({
        ScheduleExpressionTimezone: 'Europe/London',
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [syncFunction, 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        },
      });
    }
    expect(schedules.map((s) => (s.Properties.Target as { Input: string }).Input).sort()).toEqual([
      '{"council":"chorley"}',
      '{"council":"west-lancs"}',
    ]);
  });

  it('when synthesised, then the Lambda signs in by federation (no secret), works in /tmp, calls the API by its URL and has time for a long list', () => {
    const fn = template.toJSON().Resources[syncFunction] as Resource;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Timeout: 840,
      EphemeralStorage: { Size: 2048 },
      Environment: {
        Variables: {
          PLANS_CLIENT_ID: SYNC_APP,
          PLANS_TENANT_ID: PROD_CONTEXT.tenantId,
          PLANS_CLIENT_FEDERATION: 'aws',
          PLANS_API_RESOURCE: PROD_CONTEXT.apiAudience,
          PLANS_GRAPH_WORK: '/tmp/plans-graph',
          PLANS_SHAREPOINT_HOSTS: 'chorley.sharepoint.com',
        },
      },
    });
    const variables = JSON.stringify((fn.Properties.Environment as { Variables: unknown }).Variables);
    // The API's own URL (the HTTP API's id), not a table: the Lambda is a client like any other.
    expect(variables).toContain('"PLANS_API":{"Fn::Join":["",["https://",{"Ref":"HttpApi');
    expect(variables).not.toMatch(/SECRET|TABLE_NAME/);
  });

  it("when synthesised, then the Lambda's role may write its own logs and get a web identity token for Entra, and nothing else", () => {
    const role = (template.toJSON().Resources[syncFunction] as Resource).Properties.Role as {
      'Fn::GetAtt': [string, string];
    };
    const statements = policyOf(role['Fn::GetAtt'][0]);
    expect(statements.map((s) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      'sts:GetWebIdentityToken',
    ]);
    expect(statements[1]?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': ['api://AzureADTokenExchange'] },
      StringEquals: { 'sts:SigningAlgorithm': 'RS256' },
      NumericLessThanEquals: { 'sts:DurationSeconds': 300 },
    });
  });

  it("when synthesised, then the scheduler's role may invoke the sync Lambda only", () => {
    const schedule = Object.values(
      template.findResources('AWS::Scheduler::Schedule') as Record<string, Resource>,
    )[0];
    const roleArn = (
      (schedule as Resource).Properties.Target as { RoleArn: { 'Fn::GetAtt': [string, string] } }
    ).RoleArn;
    const statements = policyOf(roleArn['Fn::GetAtt'][0]);
    expect(statements.map((s) => s.Action)).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(statements[0]?.Resource)).toContain(syncFunction);
    expect(JSON.stringify(statements[0]?.Resource)).not.toMatch(/ApiFunction/);
    expect(roleArn['Fn::GetAtt'][0]).toMatch(/^ScheduledSyncSchedulerRole/);
  });

  it('when the sync Lambda fails, then an alarm mails the alarm topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: syncFunction } }],
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmsTopic') }],
    });
  });

  it('when no syncSchedules is given, then there is no schedule and no sync Lambda', () => {
    const plain = Template.fromStack(buildStack(PROD_CONTEXT).stack);
    plain.resourceCountIs('AWS::Scheduler::Schedule', 0);
    expect(
      Object.keys(
        plain.findResources('AWS::Lambda::Function', {
          Properties: { Description: Match.stringLikeRegexp('scheduled sync') },
        }),
      ),
    ).toHaveLength(0);
  });

  it('when a schedule or the client id is malformed, then synth stops with what to fix', () => {
    const read = (context: Record<string, string>) => () =>
      readConfig((key) => ({ ...PROD_CONTEXT, ...context })[key]);
    expect(read({ syncSchedules: '{"chorley":"every night"}', syncClientId: SYNC_APP })).toThrow(
      'Context "syncSchedules": "every night" for chorley is not rate(…) or cron(…) with six fields.',
    );
    expect(read({ syncSchedules: '{"chorley":"rate(1 day)"}' })).toThrow(/syncClientId/);
    expect(read({ syncClientId: SYNC_APP })).toThrow(/syncSchedules/);
  });
});
