/**
 * A stand-in for Microsoft Entra ID, for tests and for trying a deployment's settings locally: it
 * mints access tokens shaped as Entra's v2 tokens are, and publishes its keys as Entra does.
 *
 * What it copies (Microsoft identity platform, "Access token claims reference" and "Protected web
 * API: verify scopes and app roles"):
 * - `iss` is `<authority>/<tenant id>/v2.0`, one issuer per tenant; `tid` names the tenant;
 * - `oid` is the person's (or the application's service principal's) object id, the same in every
 *   app of the tenant; `sub` is pairwise, different per app, so it is not an identity to keep;
 * - delegated tokens carry `scp` (space-separated scopes) and the person's app `roles`; app-only
 *   (client credentials) tokens carry `roles` only, no `scp`, no `name`, and `idtyp: "app"`;
 * - no `council` claim: nothing a council's IT would have to map;
 * - RS256 with a `kid`; keys are published before they sign (a next key is always in the JWKS),
 *   and `rotate()` moves signing to it, as Entra rolls its keys; `retire()` stops publishing the
 *   oldest one.
 * It answers the JWKS at `/<tenant>/discovery/v2.0/keys` and `/common/discovery/v2.0/keys`, and,
 * through `answer()` (for MSAL's network module in tests), login.microsoftonline.com's OpenID
 * metadata, device code and token endpoints: the device code is "entered" at once by the person
 * the issuer was started with; client credentials are checked against the applications it knows.
 */
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface EntraTokenRequest {
  tenant: string;
  /** The person's (or the application's) object id. */
  oid: string;
  name?: string;
  /** Delegated scopes, e.g. "Plans.Access"; absent in an app-only token. */
  scp?: string;
  roles?: string[];
  /** Mark the token app-only (client credentials): no scp, `idtyp: "app"`. */
  app?: boolean;
  /** The calling client application's id (`azp`). */
  clientId?: string;
  /** Lifetime in seconds (Entra: 60–90 minutes); negative for an expired token. */
  lifetimeSeconds?: number;
  /** Any other claim (for tests of what the API must refuse). */
  extra?: Record<string, unknown>;
  /** The resource the token is for, when not the plans API (e.g. Graph's https://graph.microsoft.com). */
  audience?: string;
}

/**
 * How an application proves itself with client credentials, as an app registration holds it:
 * a secret, a certificate (its public part, PEM), or a federated identity credential (the other
 * identity provider's issuer, the subject it names the workload with, and that issuer's keys).
 */
export interface EntraAppCredential {
  tenant: string;
  oid: string;
  /** App roles on the plans API. */
  roles: string[];
  secret?: string;
  certificate?: string;
  federated?: { issuer: string; subject: string; keys: JWK[] };
  /** App roles on other resources, by resource (e.g. Graph: ["Sites.Selected"]). */
  resources?: Record<string, string[]>;
}

/** Who signs in at the device code page, and which applications may use client credentials. */
export interface EntraDirectory {
  person?: { tenant: string; oid: string; name: string; roles: string[] };
  apps?: Record<string, EntraAppCredential>;
}

export interface OAuthAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface EntraTestIssuer {
  /** e.g. http://127.0.0.1:41234 (Entra: https://login.microsoftonline.com). */
  authority: string;
  audience: string;
  issuerOf(tenant: string): string;
  /** The issuer as AUTH_ISSUER takes it for several tenants: `{tenantid}` stands for the tenant. */
  issuerTemplate: string;
  jwksUrl: string;
  mint(request: EntraTokenRequest): Promise<string>;
  /** Sign with the published next key from now on, and publish a new next key. */
  rotate(): Promise<void>;
  /** The kid new tokens are signed with. */
  signingKid(): string;
  /**
   * Stop publishing the oldest key once signing has moved on from it, as Entra drops a rolled-over
   * key from its JWKS; returns its kid. Tokens it signed are then refused by anyone who reads the keys.
   */
  retire(): string;
  /** Answers a request MSAL sends to https://login.microsoftonline.com/…; `grants` counts token grants. */
  answer(method: string, url: string, body?: string): Promise<OAuthAnswer>;
  grants: string[];
  close(): Promise<void>;
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID().replace(/-/g, '').slice(0, 27);
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', kty: 'RSA' } };
}

export async function startEntraTestIssuer(
  options: { audience?: string; host?: string; directory?: EntraDirectory } = {},
): Promise<EntraTestIssuer> {
  const audience = options.audience ?? 'api://peer-challenge-plans';
  const keys: SigningKey[] = [await newKey(), await newKey()];
  let signing = 0;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (/^\/[^/]+\/discovery\/v2\.0\/keys$/.test(path)) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
      return;
    }
    // The token endpoint itself, for clients that speak OAuth without MSAL (cli/app-credential.ts).
    if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path)) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void issuer
          .answer('POST', `${authority}${path}`, Buffer.concat(chunks).toString('utf8'))
          .then((answer) => {
            res.writeHead(answer.status, answer.headers);
            res.end(JSON.stringify(answer.body));
          });
      });
      return;
    }
    res.writeHead(404).end();
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ready) => server.listen(0, host, ready));
  const authority = `http://${host}:${(server.address() as AddressInfo).port}`;
  const issuerOf = (tenant: string) => `${authority}/${tenant}/v2.0`;
  const current = () => keys[signing] as SigningKey;

  const grants: string[] = [];
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const json = (body: unknown, status = 200): OAuthAnswer => ({
    status,
    headers: { 'content-type': 'application/json' },
    body,
  });
  /** The API's scopes as Entra puts them in `scp`: without the resource ("api://…/"). */
  const scpOf = (scope: string) =>
    scope
      .split(' ')
      .filter((s) => s.startsWith(`${audience}/`))
      .map((s) => s.slice(audience.length + 1))
      .join(' ');

  async function personTokens(scope: string): Promise<OAuthAnswer> {
    const person = options.directory?.person;
    if (!person) return json({ error: 'invalid_grant' }, 400);
    const now = Math.floor(Date.now() / 1000);
    const msalHost = 'https://login.microsoftonline.com';
    return json({
      token_type: 'Bearer',
      scope,
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: await issuer.mint({ ...person, scp: scpOf(scope) }),
      refresh_token: `refresh-${randomUUID()}`,
      id_token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
        ver: '2.0',
        iss: `${msalHost}/${person.tenant}/v2.0`,
        aud: 'plans-cli',
        tid: person.tenant,
        oid: person.oid,
        sub: person.oid,
        name: person.name,
        preferred_username: `${person.oid}@example.gov.uk`,
        iat: now,
        exp: now + 3600,
      })}.sig`,
      client_info: b64({ uid: person.oid, utid: person.tenant }),
    });
  }

  /**
   * Client credentials, as Entra checks them: the application is known, its secret or its client
   * assertion is good, and the scope is `<resource>/.default` of a resource it is granted. The
   * token is app-only: the app roles it holds on that resource, no scp.
   */
  async function appTokens(form: URLSearchParams, endpoint: string): Promise<OAuthAnswer> {
    const clientId = form.get('client_id') ?? '';
    const app = options.directory?.apps?.[clientId];
    const refused = (description: string) =>
      json({ error: 'invalid_client', error_description: description }, 401);
    if (!app) return refused(`AADSTS700016: Application with identifier '${clientId}' was not found.`);
    const assertion = form.get('client_assertion');
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
        return json(
          { error: 'invalid_request', error_description: 'AADSTS50027: wrong client_assertion_type.' },
          400,
        );
      const wrong = await assertionFault(app, clientId, assertion, endpoint);
      if (wrong) return refused(wrong);
    } else if (!app.secret || app.secret !== form.get('client_secret'))
      return refused('AADSTS7000215: Invalid client secret provided.');
    const scope = form.get('scope') ?? '';
    const resource = scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : '';
    const roles = resource === audience ? app.roles : app.resources?.[resource];
    if (!roles)
      return json(
        {
          error: 'invalid_resource',
          error_description: `AADSTS500011: The resource principal named ${resource || scope} was not found in the tenant.`,
        },
        400,
      );
    return json({
      token_type: 'Bearer',
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: await issuer.mint({
        tenant: app.tenant,
        oid: app.oid,
        app: true,
        roles,
        clientId,
        ...(resource === audience ? {} : { audience: resource }),
      }),
    });
  }

  /** Why Entra would refuse the assertion, or null: signature, issuer, subject, audience, lifetime. */
  async function assertionFault(
    app: EntraAppCredential,
    clientId: string,
    assertion: string,
    endpoint: string,
  ): Promise<string | null> {
    const expired = 'AADSTS700024: Client assertion is not within its valid time range.';
    try {
      if (app.certificate) {
        const certificate = new X509Certificate(app.certificate);
        const header = decodeProtectedHeader(assertion);
        const thumbprint = createHash('sha256').update(certificate.raw).digest('base64url');
        if (header['x5t#S256'] !== thumbprint)
          return `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application ${clientId}.`;
        await jwtVerify(assertion, certificate.publicKey, {
          algorithms: ['PS256', 'RS256'],
          issuer: clientId,
          subject: clientId,
          audience: endpoint,
          requiredClaims: ['exp', 'nbf', 'jti'],
        });
        return null;
      }
      if (app.federated) {
        await jwtVerify(assertion, createLocalJWKSet({ keys: app.federated.keys }), {
          algorithms: ['RS256'],
          issuer: app.federated.issuer,
          subject: app.federated.subject,
          audience: 'api://AzureADTokenExchange',
        });
        return null;
      }
      return `AADSTS700027: Application ${clientId} has no certificate or federated credential.`;
    } catch (error) {
      if (error instanceof errors.JWTExpired) return expired;
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') return expired;
      if (app.federated)
        return 'AADSTS70021: No matching federated identity record found for presented assertion.';
      return `AADSTS700027: Client assertion failed signature validation (${(error as Error).message}).`;
    }
  }

  const issuer: EntraTestIssuer = {
    grants,
    async answer(method, url, body = '') {
      const { pathname } = new URL(url);
      const form = new URLSearchParams(body);
      const tenant = pathname.split('/')[1] ?? 'common';
      const base = `https://login.microsoftonline.com/${tenant}`;
      if (method === 'GET' && pathname.endsWith('/.well-known/openid-configuration'))
        return json({
          issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          jwks_uri: `${base}/discovery/v2.0/keys`,
        });
      if (method === 'GET' && pathname.endsWith('/discovery/instance'))
        return json({
          tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [
            {
              preferred_network: 'login.microsoftonline.com',
              preferred_cache: 'login.windows.net',
              aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com'],
            },
          ],
        });
      if (method === 'POST' && pathname.endsWith('/oauth2/v2.0/devicecode'))
        return json({
          device_code: 'device-code',
          user_code: 'PLANS-TEST',
          verification_uri: 'https://microsoft.com/devicelogin',
          expires_in: 900,
          interval: 1,
          message: 'To sign in, open https://microsoft.com/devicelogin and enter the code PLANS-TEST.',
        });
      if (method === 'POST' && pathname.endsWith('/oauth2/v2.0/token')) {
        const grant = form.get('grant_type') ?? '';
        grants.push(grant);
        if (
          grant === 'device_code' ||
          grant === 'urn:ietf:params:oauth:grant-type:device_code' ||
          grant === 'refresh_token'
        )
          return personTokens(form.get('scope') ?? '');
        if (grant === 'client_credentials') return appTokens(form, `${new URL(url).origin}${pathname}`);
      }
      return json({ error: 'not_found', error_description: `${method} ${url}` }, 404);
    },
    authority,
    audience,
    issuerOf,
    issuerTemplate: `${authority}/{tenantid}/v2.0`,
    jwksUrl: `${authority}/common/discovery/v2.0/keys`,
    signingKid: () => current().kid,
    async rotate() {
      signing += 1;
      keys.push(await newKey());
    },
    retire() {
      if (signing === 0) throw new Error('rotate() first: the oldest key still signs');
      const [retired] = keys.splice(0, 1);
      signing -= 1;
      return (retired as SigningKey).kid;
    },
    async mint(request) {
      const clientId = request.clientId ?? '00000000-0000-0000-0000-00000000c11e';
      const now = Math.floor(Date.now() / 1000);
      const lifetime = request.lifetimeSeconds ?? 3600;
      const claims: Record<string, unknown> = {
        ver: '2.0',
        tid: request.tenant,
        oid: request.oid,
        azp: clientId,
        ...(request.app ? { idtyp: 'app' } : {}),
        ...(request.name ? { name: request.name, preferred_username: `${request.oid}@example.gov.uk` } : {}),
        ...(request.scp && !request.app ? { scp: request.scp } : {}),
        ...(request.roles ? { roles: request.roles } : {}),
        ...request.extra,
      };
      // Pairwise: the same person has a different sub in every app.
      const sub = createHash('sha256').update(`${request.oid}/${clientId}`).digest('base64url').slice(0, 43);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: current().kid, typ: 'JWT' })
        .setIssuer(issuerOf(request.tenant))
        .setAudience(request.audience ?? audience)
        .setSubject(sub)
        .setIssuedAt(now - 60)
        .setNotBefore(now - 60)
        .setExpirationTime(now + lifetime)
        .sign(current().privateKey);
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  return issuer;
}
