/** The whole cloud side in one stack: table, API function, HTTP API, add-in hosting, alarms. */
import { Annotations, CfnOutput, Fn, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AddinHosting } from './addin-hosting.js';
import { PlansAlarms } from './alarms.js';
import { ApiFunction } from './api-function.js';
import type { PlansConfig } from './config.js';
import { PlansHttpApi } from './http-api.js';
import { addinSource } from './paths.js';
import { ScheduledSync } from './scheduled-sync.js';
import { PlansTable } from './table.js';

export interface PlansStackProps extends StackProps {
  readonly config: PlansConfig;
}

export const stackName = (stage: string): string => `PeerChallengePlans-${stage}`;

/** Synth warnings for a deployment that would run but not yet work (see infra/README.md). */
export const PLACEHOLDER_WARNINGS = { auth: 'plans:placeholder-auth', addin: 'plans:placeholder-addin' };

export class PlansStack extends Stack {
  readonly config: PlansConfig;
  readonly table: PlansTable;
  readonly apiFunction: ApiFunction;
  readonly httpApi: PlansHttpApi;
  readonly addin: AddinHosting;
  readonly alarms: PlansAlarms;
  readonly scheduledSync: ScheduledSync | undefined;

  constructor(scope: Construct, id: string, props: PlansStackProps) {
    super(scope, id, {
      description: `LGA Corporate Peer Challenge action plans: API and Excel add-in (${props.config.stage})`,
      ...props,
    });
    const { config } = props;
    this.config = config;
    Tags.of(this).add('project', 'peer-challenge-plans');
    Tags.of(this).add('stage', config.stage);
    const source = addinSource();
    this.table = new PlansTable(this, 'Plans');
    this.addin = new AddinHosting(this, 'Addin', {
      sourcePath: source.path,
      customDomain: config.customDomain,
    });
    const corsOrigin = config.addinOrigin ?? this.addin.url;
    this.apiFunction = new ApiFunction(this, 'ApiFunction', {
      table: this.table,
      auth: config.auth,
      corsOrigin,
      logLevel: config.logLevel,
      councilNames: config.councilNames,
    });
    this.httpApi = new PlansHttpApi(this, 'Http', {
      handler: this.apiFunction.fn,
      corsOrigin,
      ...(config.auth.issuer.includes('{tenantid}')
        ? {}
        : { jwt: { issuer: config.auth.issuer, audience: config.auth.audience } }),
    });
    this.alarms = new PlansAlarms(this, 'Alarms', {
      fn: this.apiFunction.fn,
      table: this.table.table,
      api: this.httpApi.api,
      alarmEmail: config.alarmEmail,
    });
    this.scheduledSync = config.sync
      ? new ScheduledSync(this, 'ScheduledSync', {
          sync: config.sync,
          apiUrl: this.httpApi.url,
          apiResource: config.auth.audience,
          alarmTopic: this.alarms.topic,
          logLevel: config.logLevel,
        })
      : undefined;

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the plans API' });
    new CfnOutput(this, 'AddinUrl', {
      value: this.addin.url,
      description: 'Where the add-in is served from',
    });
    new CfnOutput(this, 'ManifestCommand', {
      value: Fn.join('', ['npm run manifest -- --url ', this.addin.url, ' --api ', this.httpApi.url]),
      description: 'Writes the add-in manifest for this deployment',
    });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'AddinBucketName', { value: this.addin.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    if (this.scheduledSync)
      new CfnOutput(this, 'SyncRoleArn', {
        value: this.scheduledSync.fn.role?.roleArn ?? '',
        description: "The scheduled sync's role: the subject of the sync app's federated credential in Entra",
      });

    if (config.auth.placeholder) {
      Annotations.of(this).addWarningV2(
        PLACEHOLDER_WARNINGS.auth,
        `No tenantId/apiAudience given: issuer ${config.auth.issuer} and audience ${config.auth.audience} ` +
          'are placeholders and the API will refuse every token. Deploy with -c tenantId=... -c apiAudience=...',
      );
    }
    if (source.placeholder) {
      Annotations.of(this).addWarningV2(
        PLACEHOLDER_WARNINGS.addin,
        'dist/addin/ not found: deploying a placeholder page. Run `npm run build:addin` first.',
      );
    }
  }
}
