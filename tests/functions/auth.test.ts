import { generateKeyPair, importJWK, SignJWT, UnsecuredJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { roleFromAppRoles, verifyToken } from '../../functions/auth.js';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, localAuthConfig } from '../../functions/local/issuer.js';
import { createTestApi, type TestApi } from '../support/app.js';
import { issuerKeys } from '../support/keys.js';

let api: TestApi;
let planPath: string;

beforeAll(async () => {
  api = await createTestApi('auth');
  const admin = await api.token({ council: 'chorley', role: 'admin' });
  const plan = await (
    await api.request('/councils/chorley/plans', {
      method: 'POST',
      token: admin,
      json: { title: 'Secret plan' },
    })
  ).json();
  planPath = `/councils/chorley/plans/${plan.id}`;
});

const claims = { council: 'chorley', role: 'admin', name: 'Mallory' };

async function signed(key: CryptoKey | Uint8Array, alg: string, build: (jwt: SignJWT) => SignJWT = (j) => j) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject('mallory')
    .setIssuedAt()
    .setExpirationTime('1h');
  return build(jwt).sign(key);
}

describe('authentication', () => {
  it('when no token is sent, then 401 with a problem and a WWW-Authenticate challenge', async () => {
    const res = await api.request(planPath);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  const attacks: [string, () => Promise<string>][] = [
    [
      'alg none',
      async () =>
        new UnsecuredJWT(claims)
          .setIssuer(LOCAL_ISSUER)
          .setAudience(LOCAL_AUDIENCE)
          .setSubject('m')
          .setExpirationTime('1h')
          .encode(),
    ],
    ['wrong issuer', async () => signed(await ownKey(), 'ES256', (j) => j.setIssuer('https://evil.example'))],
    ['wrong audience', async () => signed(await ownKey(), 'ES256', (j) => j.setAudience('another-api'))],
    [
      'expired',
      async () =>
        signed(await ownKey(), 'ES256', (j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 3600)),
    ],
    [
      'not yet valid',
      async () =>
        signed(await ownKey(), 'ES256', (j) => j.setNotBefore(Math.floor(Date.now() / 1000) + 3600)),
    ],
    ['signed with another key', async () => signed((await generateKeyPair('ES256')).privateKey, 'ES256')],
    [
      'HS256 with the public key as secret',
      async () => signed(new TextEncoder().encode(JSON.stringify((await issuerKeys()).publicJwk)), 'HS256'),
    ],
    ['missing council claim', async () => tokenWithout('council')],
    ['unknown role', async () => tokenWith({ role: 'superuser' })],
    ['garbage', async () => 'not.a.token'],
  ];

  it.each(attacks)('when the token is %s, then 401', async (_name, make) => {
    const res = await api.request(planPath, { token: await make() });
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.detail).not.toMatch(/signature|JWS|JWT|stack|at .*\.ts/i);
  });
});

describe('tenancy', () => {
  it("when another council's token reads a plan, then 404 exactly as for a plan that does not exist", async () => {
    const other = await api.token({ council: 'west-lancs', role: 'admin' });
    const theirs = await api.request(planPath, { token: other });
    const missing = await api.request('/councils/west-lancs/plans/01JD0000000000000000000000', {
      token: other,
    });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    const [a, b] = [await theirs.json(), await missing.json()];
    expect(a.title).toBe(b.title);
  });

  it("when another council's token writes to a plan, then 404 and nothing is written", async () => {
    const other = await api.token({ council: 'west-lancs', role: 'admin' });
    const res = await api.request(`${planPath}/actions`, {
      method: 'POST',
      token: other,
      json: { action: 'x' },
    });
    expect(res.status).toBe(404);
    const admin = await api.token({ council: 'chorley', role: 'admin' });
    expect((await (await api.request(`${planPath}/actions`, { token: admin })).json()).actions).toEqual([]);
  });
});

describe('responses', () => {
  it('when any response is sent, then it carries security headers', async () => {
    const res = await api.request('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('when a browser calls from the add-in origin, then CORS allows it; from elsewhere, it does not', async () => {
    const ok = await api.request('/health', {
      method: 'OPTIONS',
      headers: { origin: 'https://addin.example.org', 'access-control-request-method': 'GET' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://addin.example.org');
    const evil = await api.request('/health', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('when a route does not exist, then 404 problem+json', async () => {
    const res = await api.request('/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

async function ownKey() {
  return (await importJWK((await issuerKeys()).privateJwk, 'ES256')) as CryptoKey;
}

async function tokenWith(extra: Record<string, unknown>) {
  return new SignJWT({ ...claims, ...extra })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject('mallory')
    .setExpirationTime('1h')
    .sign(await ownKey());
}

async function tokenWithout(claim: keyof typeof claims) {
  const { [claim]: _dropped, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject('mallory')
    .setExpirationTime('1h')
    .sign(await ownKey());
}

describe('Entra ID claims', () => {
  async function entraToken(extra: Record<string, unknown>) {
    return new SignJWT({ name: 'Erin Entra', ...extra })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject('erin')
      .setExpirationTime('1h')
      .sign(await ownKey());
  }

  it('when the token has app roles and no council, then the deployment council and the highest role apply', async () => {
    const config = { ...localAuthConfig(await issuerKeys()), defaultCouncil: 'chorley' };
    const caller = await verifyToken(config, await entraToken({ roles: ['Plans.Viewer', 'Plans.Policy'] }));
    expect(caller).toMatchObject({ council: 'chorley', role: 'policy', name: 'Erin Entra' });
  });

  it('when no council can be found, then 401', async () => {
    const config = localAuthConfig(await issuerKeys());
    await expect(verifyToken(config, await entraToken({ roles: ['Plans.Admin'] }))).rejects.toMatchObject({
      status: 401,
    });
  });

  it('when app roles name none of ours, then 401', () => {
    expect(roleFromAppRoles(['Reader', 'Contributor'])).toBeUndefined();
    expect(roleFromAppRoles(['officer'])).toBe('officer');
  });
});
