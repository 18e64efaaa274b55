/** Builds the plans stack the way `npx cdk synth` does: cdk.json's feature flags plus `-c` context. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { readConfig } from '../../infra/config.js';
import { PLACEHOLDER_WARNINGS, PlansStack, stackName } from '../../infra/plans-stack.js';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** Context for a production-like deployment: an Entra tenant, a custom domain and an alarm email. */
export const PROD_CONTEXT = {
  stage: 'prod',
  tenantId: '11111111-2222-3333-4444-555555555555',
  apiAudience: 'api://peer-challenge-plans-prod',
  domainName: 'plans.example.gov.uk',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f',
  alarmEmail: 'digital-ops@example.gov.uk',
};

/** Each synth copies the assets (the AWS CLI layer alone is 21 MB): removed by `removeOutdirs`. */
const outdirs: string[] = [];

/** Call from `afterAll` in every test file that builds a stack. */
export function removeOutdirs(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface BuiltStack {
  app: App;
  stack: PlansStack;
}

/**
 * `bundle: false` skips esbuild (CDK's `aws:cdk:bundling-stacks` context), for tests that look
 * at configuration only; the Lambda code is then a stub asset. The placeholder warnings (no
 * tenant, no add-in build) are acknowledged unless `warn` is set, to keep test output quiet.
 */
export function buildStack(
  context: Record<string, string> = {},
  { bundle = false, warn = false } = {},
): BuiltStack {
  const outdir = mkdtempSync(join(tmpdir(), 'plans-cdk-'));
  outdirs.push(outdir);
  const app = new App({
    outdir,
    context: { ...cdkJson.context, ...context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const config = readConfig((key) => app.node.tryGetContext(key));
  const stack = new PlansStack(app, stackName(config.stage), { config });
  if (!warn) {
    for (const id of Object.values(PLACEHOLDER_WARNINGS)) {
      Validations.of(stack).acknowledge({
        id,
        reason: 'Tests synthesise without a tenant or an add-in build.',
      });
    }
  }
  return { app, stack };
}
