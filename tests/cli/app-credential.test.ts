/**
 * The sync application's own sign-in (client credentials with a client assertion) against the
 * Entra stand-in's token endpoint over HTTP, which checks the assertion as Entra does; the
 * app-only token it gives is taken by the API (Plans.Sync) and carries Graph's app role for Graph.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appCredential } from '../../cli/app-credential.js';
import { appCredentialFromEnv } from '../../cli/app-credential-config.js';
import {
  awsFederatedAssertion,
  certificateAssertion,
  type WebIdentityTokenSource,
} from '../../cli/client-assertion.js';
import { registerSyncList } from '../../cli/commands/sync-list.js';
import { graphTokenProvider } from '../../cli/graph-config.js';
import { remoteKeys } from '../../functions/auth.js';
import { type EntraTestIssuer, startEntraTestIssuer } from '../../functions/local/entra-issuer.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { runCommands } from '../support/cli-in-process.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SYNC_APP = 'c0ffee00-0000-4000-8000-0000000000a1';
const AWS_APP = 'c0ffee00-0000-4000-8000-0000000000a2';
const GRAPH = 'http://127.0.0.1:9/graph-double';
const AWS_ISSUER = 'https://0a1b2c3d-0000-4000-8000-000000000000.tokens.sts.global.api.aws';
const AWS_ROLE = 'arn:aws:iam::123456789012:role/plans-scheduled-sync';
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '../fixtures/credentials', name), 'utf8');
const SYNC_PEM = fixture('sync-app.pem');
const OTHER_PEM = fixture('other-app.pem');
const certificateOf = (pem: string) =>
  /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];

const realFetch = globalThis.fetch;
let issuer: EntraTestIssuer;
let api: TestApi;
let aws: { sign: (subject: string, audience: string) => Promise<string> };

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const awsKey = { ...(await exportJWK(publicKey)), kid: 'aws-1', alg: 'RS256' };
  aws = {
    sign: (subject, audience) =>
      new SignJWT({ 'https://sts.amazonaws.com/': { aws_account: '123456789012' } })
        .setProtectedHeader({ alg: 'RS256', kid: 'aws-1', typ: 'JWT' })
        .setIssuer(AWS_ISSUER)
        .setSubject(subject)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
  };
  issuer = await startEntraTestIssuer({
    directory: {
      apps: {
        [SYNC_APP]: {
          tenant: TENANT,
          oid: SYNC_APP,
          roles: ['Plans.Sync'],
          certificate: certificateOf(SYNC_PEM) as string,
          resources: { [GRAPH]: ['Sites.Selected'] },
        },
        [AWS_APP]: {
          tenant: TENANT,
          oid: AWS_APP,
          roles: ['Plans.Sync'],
          federated: { issuer: AWS_ISSUER, subject: AWS_ROLE, keys: [awsKey] },
        },
      },
    },
  });
  api = await createTestApi('app-credential', {
    issuer: issuer.issuerTemplate,
    audience: issuer.audience,
    keys: remoteKeys(issuer.jwksUrl),
    tenants: { [TENANT]: 'chorley' },
  });
});
afterAll(() => issuer.close());

beforeEach(() => {
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    return url.startsWith(issuer.authority) ? realFetch(input, init) : api.fetch(input, init);
  });
  vi.stubEnv('PLANS_TOKEN', undefined);
  vi.stubEnv('PLANS_API', 'http://127.0.0.1:8787');
  vi.stubEnv('PLANS_AUTHORITY', issuer.authority);
  vi.stubEnv('PLANS_TENANT_ID', TENANT);
  vi.stubEnv('PLANS_CLIENT_ID', SYNC_APP);
  vi.stubEnv('PLANS_API_RESOURCE', issuer.audience);
  vi.stubEnv('PLANS_CLIENT_CERT', join(import.meta.dirname, '../fixtures/credentials/sync-app.pem'));
  vi.stubEnv('PLANS_CLIENT_FEDERATION', undefined);
  vi.stubEnv('PLANS_GRAPH_TOKEN', undefined);
  vi.stubEnv('PLANS_GRAPH_URL', GRAPH);
  issuer.grants.length = 0;
});

const credential = (assertion: Parameters<typeof appCredential>[0]['assertion'], clientId = SYNC_APP) =>
  appCredential({ authority: issuer.authority, tenant: TENANT, clientId, assertion });

describe('the sync application signs in with its certificate', () => {
  it('when PLANS_CLIENT_ID, PLANS_TENANT_ID and PLANS_CLIENT_CERT are set, then a command signs in as the sync application and the API takes its app-only token', async () => {
    const run = await runCommands([registerSyncList], ['sync-list', '--council', 'chorley', '--json']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ council: 'chorley', workbooks: [] });
    expect(issuer.grants).toEqual(['client_credentials']);
  });

  it('when the token is for the API, then it is app-only: the Plans.Sync role, no scp, the application as oid', async () => {
    const token = await (appCredentialFromEnv()?.tokenFor(issuer.audience) ?? (() => ''))();
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      aud: issuer.audience,
      roles: ['Plans.Sync'],
      oid: SYNC_APP,
      idtyp: 'app',
    });
    expect(claims.scp).toBeUndefined();
  });

  it('when Graph needs a token and PLANS_GRAPH_TOKEN is not set, then the app credential gives one for the Graph host with Sites.Selected', async () => {
    const token = await graphTokenProvider()();
    expect(decodeJwt(token)).toMatchObject({ aud: GRAPH, roles: ['Sites.Selected'], idtyp: 'app' });
  });

  it('when a token is asked for again before it nears expiry, then the one already granted is given; a forced refresh asks again', async () => {
    const tokens = credential(certificateAssertion(SYNC_APP, SYNC_PEM)).tokenFor(issuer.audience);
    const first = await tokens();
    expect(await Promise.all([tokens(), tokens()])).toEqual([first, first]);
    expect(issuer.grants).toHaveLength(1);
    await tokens({ forceRefresh: true });
    expect(issuer.grants).toHaveLength(2);
  });

  it('when the assertion is signed with a certificate the app does not have, then Entra refuses it and the command says so in one line', async () => {
    vi.stubEnv('PLANS_CLIENT_CERT', join(import.meta.dirname, '../fixtures/credentials/other-app.pem'));
    const run = await runCommands([registerSyncList], ['sync-list', '--council', 'chorley']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `plans: Microsoft refused the sync application's sign-in for ${issuer.audience}/.default (AADSTS700027): check PLANS_TENANT_ID, PLANS_CLIENT_ID, its certificate or federated credential, and that the app is granted this resource\n`,
    );
    await expect(
      credential(certificateAssertion(SYNC_APP, OTHER_PEM)).tokenFor(issuer.audience)(),
    ).rejects.toThrow(/AADSTS700027/);
  });

  it('when the assertion has expired, names another audience or another issuer, then Entra refuses it', async () => {
    const signed = (claims: { aud?: string; iss?: string; exp?: number }) => async (endpoint: string) => {
      const good = certificateAssertion(SYNC_APP, SYNC_PEM);
      if (Object.keys(claims).length === 0) return good(endpoint);
      const { createPrivateKey, createHash, X509Certificate } = await import('node:crypto');
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ jti: 'x' })
        .setProtectedHeader({
          alg: 'PS256',
          'x5t#S256': createHash('sha256')
            .update(new X509Certificate(certificateOf(SYNC_PEM) as string).raw)
            .digest('base64url'),
        })
        .setIssuer(claims.iss ?? SYNC_APP)
        .setSubject(SYNC_APP)
        .setAudience(claims.aud ?? endpoint)
        .setNotBefore(now - 900)
        .setExpirationTime(claims.exp ?? now + 300)
        .sign(createPrivateKey(SYNC_PEM));
    };
    const now = Math.floor(Date.now() / 1000);
    const ask = (claims: Parameters<typeof signed>[0]) =>
      credential(signed(claims)).tokenFor(issuer.audience)();
    await expect(ask({ exp: now - 60 })).rejects.toThrow(/AADSTS700024/);
    await expect(ask({ aud: 'https://login.microsoftonline.com/other/oauth2/v2.0/token' })).rejects.toThrow(
      /AADSTS700027/,
    );
    await expect(ask({ iss: AWS_APP })).rejects.toThrow(/AADSTS700027/);
    await expect(ask({})).resolves.toEqual(expect.any(String));
  });

  it('when the resource is one the app is not granted, then Entra refuses the scope', async () => {
    await expect(
      credential(certificateAssertion(SYNC_APP, SYNC_PEM)).tokenFor('https://files.example.org')(),
    ).rejects.toThrow(/AADSTS500011/);
  });
});

describe('the sync application signs in with a token from AWS (IAM outbound identity federation)', () => {
  it('when AWS STS signs a token for the role the app trusts, then Entra takes it as the client assertion', async () => {
    const asked: unknown[] = [];
    const sts: WebIdentityTokenSource = async (request) => {
      asked.push(request);
      return { WebIdentityToken: await aws.sign(AWS_ROLE, request.Audience[0] as string) };
    };
    const token = await credential(awsFederatedAssertion(sts), AWS_APP).tokenFor(issuer.audience)();
    expect(decodeJwt(token)).toMatchObject({ oid: AWS_APP, roles: ['Plans.Sync'] });
    expect(asked).toEqual([
      { Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds: 300 },
    ]);
  });

  it('when the token names another role, or another audience, then no federated credential matches', async () => {
    const named =
      (subject: string, audience = 'api://AzureADTokenExchange'): WebIdentityTokenSource =>
      async () => ({
        WebIdentityToken: await aws.sign(subject, audience),
      });
    const ask = (source: WebIdentityTokenSource) =>
      credential(awsFederatedAssertion(source), AWS_APP).tokenFor(issuer.audience)();
    await expect(ask(named('arn:aws:iam::123456789012:role/someone-else'))).rejects.toThrow(/AADSTS70021/);
    await expect(ask(named(AWS_ROLE, 'sts.amazonaws.com'))).rejects.toThrow(/AADSTS70021/);
  });
});

describe('where the credential is configured', () => {
  it('when PLANS_AUTHORITY is plain http away from this machine, then nothing is sent and the line says why', async () => {
    vi.stubEnv('PLANS_AUTHORITY', 'http://login.example.org');
    const run = await runCommands([registerSyncList], ['sync-list', '--council', 'chorley']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      "plans: PLANS_AUTHORITY http://login.example.org is not https, and the application's proof would travel unencrypted: set it to https://login.microsoftonline.com or your cloud's sign-in host (plain http only on 127.0.0.1, for a test double)\n",
    );
    expect(issuer.grants).toEqual([]);
  });

  it('when both a certificate and federation are set, or neither, then the run is refused in one line', async () => {
    vi.stubEnv('PLANS_CLIENT_FEDERATION', 'aws');
    expect(() => appCredentialFromEnv()).toThrow(/needs one credential/);
    vi.stubEnv('PLANS_CLIENT_FEDERATION', undefined);
    vi.stubEnv('PLANS_CLIENT_CERT', undefined);
    expect(() => appCredentialFromEnv()).toThrow(/needs one credential/);
  });
});
