/**
 * cdk-nag's AwsSolutions checks, and every finding we accept with the reason why. cdk-nag 3 is
 * a CDK validation plugin: a finding not acknowledged here fails synth (`-c nag=true`).
 */
import { type CfnResource, type Stack, Validations } from 'aws-cdk-lib';
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

export function acknowledgeFindings(stack: PlansStack): void {
  const ack = (scope: IConstruct, id: string, reason: string) =>
    Validations.of(scope).acknowledge({ id, reason });
  const { addin } = stack;

  ack(
    stack.httpApi.api,
    'AwsSolutions-APIG4',
    'The Lambda verifies OIDC bearer JWTs itself (jose) on every route except /health and /openapi.json; ' +
      'one catch-all route sends every request to the Hono app, which owns routing and authorisation.',
  );
  ack(
    stack.apiFunction.fn,
    'AwsSolutions-L1',
    'Node.js 24 LTS is the runtime the project targets and tests (engines >=24) and the newest LTS ' +
      'line Lambda runs; moving past it is a deliberate upgrade, not a synth default.',
  );

  ack(
    addin.bucket,
    'AwsSolutions-S1',
    'The bucket holds only the public, static add-in build and is read only by CloudFront (OAC), so its ' +
      'access logs would show nothing but CloudFront; deployments that change it are recorded by CloudTrail.',
  );
  ack(
    addin.distribution,
    'AwsSolutions-CFR3',
    'The distribution serves the public, static add-in files only; every data access goes to the API, ' +
      'whose stage writes JSON access logs. Standard logs would need an ACL-enabled log bucket for no benefit.',
  );
  ack(
    addin.distribution,
    'AwsSolutions-CFR1',
    'No geo restriction: council officers open Excel wherever they work, and the files are public and static; ' +
      'blocking countries would break legitimate use and protect no data.',
  );
  ack(
    addin.distribution,
    'AwsSolutions-CFR2',
    'No WAF: the distribution serves static files from S3 with no application logic behind it; the API is ' +
      'separate, throttled and authenticated. A CloudFront web ACL must also live in us-east-1, which this ' +
      'environment-agnostic stack does not assume.',
  );
  if (stack.config.customDomain === undefined) {
    ack(
      addin.distribution,
      'AwsSolutions-CFR4',
      'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy ' +
        'AWS fixes. Deploy with -c domainName=... -c certificateArn=... to enforce TLSv1.2_2021 (then this passes).',
    );
  }

  const sync = stack.scheduledSync;
  if (sync) {
    ack(
      sync.fn,
      'AwsSolutions-L1',
      'Node.js 24 LTS is the runtime the project targets and tests (engines >=24), as for the API function; ' +
        'the scheduled sync runs the same code and moves with it.',
    );
    ack(
      sync,
      'AwsSolutions-IAM5[Resource::*]',
      'sts:GetWebIdentityToken has no resource to name (IAM outbound identity federation); the statement is ' +
        'held by conditions to the audience api://AzureADTokenExchange, RS256 and tokens of at most 300 s.',
    );
    ack(
      sync,
      `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(sync.fn.node.defaultChild as CfnResource)}.Arn>:*]`,
      "EventBridge Scheduler's LambdaInvoke target grants lambda:InvokeFunction on the sync function and its " +
        'versions/aliases (ARN:*): that one function only, nothing else.',
    );
  }

  const provider = bucketDeploymentProvider(stack);
  const bucketArn = `<${stack.getLogicalId(addin.bucket.node.defaultChild as CfnResource)}.Arn>`;
  ack(
    provider,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    "CDK's BucketDeployment provider (a CDK-managed singleton that runs only during deployments) uses the " +
      'basic execution role to write its own logs; its role cannot be replaced.',
  );
  for (const finding of ['Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*']) {
    ack(
      provider,
      `AwsSolutions-IAM5[${finding}]`,
      'BucketDeployment reads the add-in zip from the CDK asset bucket and lists/reads the add-in bucket ' +
        'to sync it; CDK grants these read action groups, scoped to those two buckets.',
    );
  }
  ack(
    provider,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>/*]`,
    'Read access to objects in the CDK bootstrap asset bucket, where the add-in zip is uploaded by cdk deploy.',
  );
  for (const finding of ['Action::s3:Abort*', 'Action::s3:DeleteObject*', `Resource::${bucketArn}/*`]) {
    ack(
      provider,
      `AwsSolutions-IAM5[${finding}]`,
      'BucketDeployment replaces the add-in files and prunes removed ones: write and delete on objects of ' +
        'the add-in bucket only.',
    );
  }
  ack(
    provider,
    'AwsSolutions-IAM5[Resource::*]',
    'cloudfront:CreateInvalidation and GetInvalidation, granted by BucketDeployment on all distributions; ' +
      "used only to invalidate this stack's distribution after the add-in files change.",
  );
  ack(
    provider,
    'AwsSolutions-L1',
    "The BucketDeployment provider's Python runtime is chosen and updated by aws-cdk-lib, not by this app.",
  );
}

/** The default CDK bootstrap qualifier (`cdk bootstrap` without --qualifier). */
const DEFAULT_QUALIFIER = 'hnb659fds';

/** BucketDeployment's singleton Lambda sits at the stack root under a fixed id. */
function bucketDeploymentProvider(stack: Stack): IConstruct {
  const provider = stack.node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (provider === undefined)
    throw new Error('BucketDeployment provider not found: has aws-cdk-lib changed it?');
  return provider;
}
