import { describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.js';

const read = (context: Record<string, unknown>) => readConfig((key) => context[key]);

describe('readConfig', () => {
  it('when no context is given, then it is the dev stage with placeholder Entra settings', () => {
    expect(read({})).toEqual({
      stage: 'dev',
      auth: {
        issuer: 'https://login.microsoftonline.com/common/v2.0',
        jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
        audience: 'api://peer-challenge-plans',
        placeholder: true,
      },
      addinOrigin: undefined,
      customDomain: undefined,
      alarmEmail: undefined,
      logLevel: 'INFO',
      nag: false,
    });
  });

  it('when a tenant and audience are given, then the Entra v2 issuer and keys are derived from the tenant', () => {
    const { auth } = read({ tenantId: 'aaaabbbb-0000-1111-2222-ccccddddeeee', apiAudience: 'api://plans' });
    expect(auth).toEqual({
      issuer: 'https://login.microsoftonline.com/aaaabbbb-0000-1111-2222-ccccddddeeee/v2.0',
      jwksUrl: 'https://login.microsoftonline.com/aaaabbbb-0000-1111-2222-ccccddddeeee/discovery/v2.0/keys',
      audience: 'api://plans',
      placeholder: false,
    });
  });

  it('when issuer, audience and JWKS URL are given explicitly, then they are used as given', () => {
    const { auth } = read({
      issuer: 'https://idp.example.org',
      audience: 'plans-api',
      jwksUrl: 'https://idp.example.org/jwks.json',
    });
    expect(auth).toEqual({
      issuer: 'https://idp.example.org',
      audience: 'plans-api',
      jwksUrl: 'https://idp.example.org/jwks.json',
      placeholder: false,
    });
  });

  it('when a custom domain, add-in origin, alarm email and nag flag are given, then they are kept', () => {
    const config = read({
      stage: 'prod',
      domainName: 'Plans.Example.gov.uk',
      certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      addinOrigin: 'https://plans.example.gov.uk/',
      alarmEmail: 'ops@example.gov.uk',
      logLevel: 'debug',
      nag: 'true',
    });
    expect(config).toMatchObject({
      stage: 'prod',
      customDomain: {
        domainName: 'plans.example.gov.uk',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      },
      addinOrigin: 'https://plans.example.gov.uk',
      alarmEmail: 'ops@example.gov.uk',
      logLevel: 'DEBUG',
      nag: true,
    });
  });

  it.each([
    ['a stage with a space', { stage: 'my stage' }, /stage/],
    [
      'a tenant and an issuer',
      { tenantId: 'contoso.onmicrosoft.com', issuer: 'https://x.example', jwksUrl: 'https://x.example/k' },
      /either/,
    ],
    ['an issuer without a JWKS URL', { issuer: 'https://idp.example.org' }, /together/],
    ['an http issuer', { issuer: 'http://idp.example.org', jwksUrl: 'https://idp.example.org/k' }, /https/],
    ['a domain without a certificate', { domainName: 'plans.example.gov.uk' }, /together/],
    [
      'a certificate outside us-east-1',
      {
        domainName: 'plans.example.gov.uk',
        certificateArn: 'arn:aws:acm:eu-west-2:123456789012:certificate/abc',
      },
      /us-east-1/,
    ],
    ['an add-in origin with a path', { addinOrigin: 'https://plans.example.gov.uk/taskpane.html' }, /origin/],
    ['an unknown log level', { logLevel: 'LOUD' }, /logLevel/],
    ['a malformed email', { alarmEmail: 'ops' }, /email/],
  ])('when given %s, then it refuses with a message', (_case, context, message) => {
    expect(() => read(context)).toThrow(message);
  });
});

describe('readConfig council', () => {
  it('when a council is given, then tokens without a council claim are read as that council', () => {
    expect(read({ council: 'west-lancs' }).auth.council).toBe('west-lancs');
  });

  it('when the council is not a slug, then synth stops with a message', () => {
    expect(() => read({ council: 'West Lancs' })).toThrow(/lower-case/);
  });
});

describe('readConfig tenants and scope', () => {
  const tenant = 'aaaabbbb-0000-1111-2222-ccccddddeeee';

  it('when several councils’ tenants are given, then the issuer names each token’s own tenant and the map goes to the Lambda', () => {
    const { auth } = read({
      tenants: JSON.stringify({ [tenant]: 'chorley' }),
      apiAudience: 'api://plans',
      scope: 'Plans.Access',
    });
    expect(auth).toMatchObject({
      issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
      jwksUrl: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      tenants: { [tenant]: 'chorley' },
      scope: 'Plans.Access',
      placeholder: false,
    });
  });

  it('when the tenant map is not tenant GUIDs to council ids, then synth stops with a message', () => {
    expect(() => read({ tenants: '{"chorley": "x"}' })).toThrow(/tenant GUIDs/);
    expect(() => read({ tenants: JSON.stringify({ [tenant]: 'x' }), tenantId: tenant })).toThrow(/not both/);
  });

  it('when councilNames maps council ids to names, then they are kept; anything else stops synth', () => {
    expect(read({ councilNames: '{"chorley":"Chorley Council"}' }).councilNames).toEqual({
      chorley: 'Chorley Council',
    });
    expect(read({}).councilNames).toBeUndefined();
    for (const bad of ['Chorley', '{"Chorley Council":"chorley"}', '{"chorley":""}', '[]', '{}'])
      expect(() => read({ councilNames: bad }), bad).toThrow(
        'Context "councilNames" must map council ids to display names, e.g. {"chorley": "Chorley Council"}.',
      );
  });
});
