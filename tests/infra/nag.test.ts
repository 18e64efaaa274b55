import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWithNag } from '../../infra/nag.js';
import { buildStack, PROD_CONTEXT, removeOutdirs } from './synth.js';

afterAll(removeOutdirs);

/** Findings as `rule @ construct path`, so a failure says exactly what to fix. */
const findings = (checks: AwsSolutionsChecks, scope: IConstruct): string[] =>
  checks
    .validateScope(scope)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} (${v.severity}) @ ${r.constructPath}`),
    );

/** Every rule id acknowledged anywhere in the tree, with its reason. */
const acknowledgements = (scope: IConstruct): [string, string][] =>
  scope.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>))
    .map(([id, reason]) => [id.replace(/^annotation::/i, ''), reason]);

describe.each([
  ['the default (dev) context', {}],
  ['a production context with a custom domain', PROD_CONTEXT],
  [
    'the scheduled sync',
    {
      ...PROD_CONTEXT,
      syncClientId: 'c0ffee00-0000-4000-8000-0000000000c1',
      syncSchedules: '{"chorley":"cron(0 2 * * ? *)"}',
    },
  ],
])('AwsSolutions checks with %s', (_name, context) => {
  let built: ReturnType<typeof buildStack>;
  let checks: AwsSolutionsChecks;

  beforeAll(() => {
    built = buildStack(context);
    checks = checkWithNag(built.stack);
    // Synth runs the checks as a validation plugin: it throws if any finding is not acknowledged.
    built.app.synth();
  }, 60_000);

  it('when synthesised, then no AwsSolutions error or warning is left unacknowledged', () => {
    expect(findings(checks, built.app)).toEqual([]);
    const annotations = Annotations.fromStack(built.stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('when acknowledged, then every acknowledgement answers a real finding and says why', () => {
    const bare = buildStack(context).stack;
    const raised = new Set(findings(new AwsSolutionsChecks(), bare).map((f) => f.split(' ')[0]));
    const nagAcks = acknowledgements(built.stack).filter(([id]) => id.startsWith('AwsSolutions-'));
    expect(nagAcks.length).toBeGreaterThan(0);
    for (const [id, reason] of nagAcks) {
      expect(raised, id).toContain(id);
      expect(reason.length, id).toBeGreaterThan(60);
    }
  });
});
