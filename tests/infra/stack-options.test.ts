import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStack, PROD_CONTEXT, removeOutdirs } from './synth.js';

afterAll(removeOutdirs);

describe('PlansStack with a tenant, a custom domain and an alarm email', () => {
  const { stack } = buildStack(PROD_CONTEXT);
  const template = Template.fromStack(stack);

  it('when synthesised, then it is named for its stage', () => {
    expect(stack.stackName).toBe('PeerChallengePlans-prod');
  });

  it("when synthesised, then the API trusts the tenant's Entra ID v2 issuer and keys", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          AUTH_ISSUER: `https://login.microsoftonline.com/${PROD_CONTEXT.tenantId}/v2.0`,
          AUTH_JWKS_URL: `https://login.microsoftonline.com/${PROD_CONTEXT.tenantId}/discovery/v2.0/keys`,
          AUTH_AUDIENCE: PROD_CONTEXT.apiAudience,
          CORS_ORIGIN: 'https://plans.example.gov.uk',
        }),
      },
    });
  });

  it('when synthesised, then CORS allows the custom domain only', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://plans.example.gov.uk'] }),
    });
  });

  it('when synthesised, then CloudFront serves the domain with its certificate and TLS 1.2 or later', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['plans.example.gov.uk'],
        ViewerCertificate: {
          AcmCertificateArn: PROD_CONTEXT.certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
  });

  it('when synthesised, then alarms are mailed to the given address', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: PROD_CONTEXT.alarmEmail,
    });
  });

  it('when synthesised, then the manifest command names the custom domain', () => {
    const command = template.toJSON().Outputs.ManifestCommand.Value['Fn::Join'][1][0];
    expect(command).toBe('npm run manifest -- --url https://plans.example.gov.uk --api https://');
  });
});

describe('PlansStack with an explicit add-in origin', () => {
  it('when addinOrigin is given, then CORS and the app allow exactly that origin', () => {
    const template = Template.fromStack(buildStack({ addinOrigin: 'https://addin.example.gov.uk' }).stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://addin.example.gov.uk'] }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CORS_ORIGIN: 'https://addin.example.gov.uk' }) },
    });
  });
});

describe('PlansStack with no context', () => {
  it('when synthesised, then it warns that sign-in is not configured yet', () => {
    const { stack } = buildStack({}, { warn: true });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('placeholders.*-c tenantId='));
  });
});

describe('PlansStack with council display names', () => {
  it('when councilNames is given, then the API function has them as COUNCIL_NAMES', () => {
    const names = { chorley: 'Chorley Council', 'west-lancs': 'West Lancashire Borough Council' };
    const template = Template.fromStack(
      buildStack({ ...PROD_CONTEXT, councilNames: JSON.stringify(names) }).stack,
    );
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ COUNCIL_NAMES: JSON.stringify(names) }) },
    });
  });
});
