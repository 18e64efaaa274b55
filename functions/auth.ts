/**
 * Bearer JWT verification: every route under /councils and /me goes through it.
 *
 * Two kinds of token are read. The local issuer's (`plans token`) say who they are for in
 * `council` and `role` claims. Microsoft Entra ID's say nothing about councils: they are checked as
 * Microsoft's guidance for protected web APIs asks ("Protected web API: verify scopes and app
 * roles"; "Access token claims reference"): the v2 issuer of the token's own tenant, the audience,
 * then `scp` holding the API's scope (a person, delegated) or, with no `scp`, an app role
 * (an application acting as itself); the caller is `tid` + `oid`, never the pairwise `sub`; the
 * council is the tenant's, from the deployment's mapping.
 */
import type { MiddlewareHandler } from 'hono';
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import { CouncilId, MAX_DIRECTORATE, ROLES, Role } from '../core/plan.js';
import type { Caller, CallerRole, CallerSources } from './caller.js';
import { problems } from './problem.js';

export interface AuthConfig {
  /** The issuer; `{tenantid}` in it stands for the token's own tenant (Entra ID, several tenants). */
  issuer: string;
  audience: string;
  /** A JWKS (the cloud's OIDC issuer, or the local server's own key set). */
  keys: JWTVerifyGetKey;
  /** The council of a one-council deployment, for Entra ID tokens (no council claim). */
  defaultCouncil?: string;
  /** Entra tenant id → council, for a deployment serving several councils. */
  tenants?: Record<string, string>;
  /** The delegated scope a person's Entra token must carry; `access_as_user` unless configured. */
  scope?: string;
  /** Council id → the name people know it by, for GET /me ("chorley" → "Chorley Council"). */
  councilNames?: Record<string, string>;
}

export const DEFAULT_SCOPE = 'access_as_user';
/** The app role that lets an application (a scheduled sync) call the API as itself. */
export const SYNC_APP_ROLE = 'Plans.Sync';

/** Asymmetric algorithms only: `none` and HMAC (which a public key could be abused as) are refused. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'];

const Directorates = z
  .union([z.array(z.string().max(MAX_DIRECTORATE)).max(100), z.string().max(MAX_DIRECTORATE)])
  .optional()
  .transform((d) => (d === undefined ? [] : Array.isArray(d) ? d : [d]));

const LocalClaims = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  council: CouncilId.optional(),
  role: Role.optional(),
  /** Entra ID app roles, e.g. ["Plans.Officer"]. */
  roles: z.array(z.string().max(100)).max(50).optional(),
  directorates: Directorates,
});

const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

const EntraClaims = z.object({
  iss: z.string(),
  tid: Guid,
  oid: Guid,
  azp: z.string().max(100).optional(),
  name: z.string().max(200).optional(),
  preferred_username: z.string().max(200).optional(),
  scp: z.string().max(2000).optional(),
  roles: z.array(z.string().max(100)).max(50).optional(),
  directorates: Directorates,
});

const SIGN_IN_AGAIN = 'The sign-in token is missing, expired or not valid here. Sign in again.';
const NO_COUNCIL_OR_ROLE =
  'The sign-in token does not say which council and role it is for. Ask your administrator.';

export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
}

const perTenant = (config: AuthConfig) => config.issuer.includes('{tenantid}');

export async function verifyToken(config: AuthConfig, token: string): Promise<Caller> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, config.keys, {
      // A per-tenant issuer is checked below, against the token's own tid.
      ...(perTenant(config) ? {} : { issuer: config.issuer }),
      audience: config.audience,
      algorithms: ALGORITHMS,
      clockTolerance: 30,
      requiredClaims: ['exp', 'sub', 'iss'],
    }));
  } catch {
    // The reason (expired, wrong issuer, bad signature) is not told: it helps an attacker more than a user.
    throw problems.unauthorized(SIGN_IN_AGAIN);
  }
  return 'tid' in payload || perTenant(config) ? entraCaller(config, payload) : localCaller(config, payload);
}

function localCaller(config: AuthConfig, payload: JWTPayload): Caller {
  const claims = LocalClaims.safeParse(payload);
  if (!claims.success) throw problems.unauthorized(NO_COUNCIL_OR_ROLE);
  const { sub, name, preferred_username, directorates } = claims.data;
  const council = claims.data.council ?? config.defaultCouncil;
  const role = claims.data.role ?? roleFromAppRoles(claims.data.roles ?? []);
  if (!council || !CouncilId.safeParse(council).success || !role)
    throw problems.unauthorized(NO_COUNCIL_OR_ROLE);
  const tokenDirectorates = role === 'officer' ? directorates : [];
  return {
    subject: sub,
    id: sub,
    kind: 'person',
    name: name ?? preferred_username ?? sub,
    council,
    role,
    directorates: tokenDirectorates,
    tokenDirectorates,
    sources: {
      council: claims.data.council ? 'token' : 'deployment',
      name: 'token',
      directorates: tokenDirectorates.length ? 'token' : 'none',
    },
  };
}

function entraCaller(config: AuthConfig, payload: JWTPayload): Caller {
  const parsed = EntraClaims.safeParse(payload);
  if (!parsed.success) throw problems.unauthorized(SIGN_IN_AGAIN);
  const claims = parsed.data;
  // Entra's issuer names the tenant: a token must come from the issuer of its own tenant.
  if (claims.iss !== config.issuer.replace('{tenantid}', claims.tid))
    throw problems.unauthorized(SIGN_IN_AGAIN);
  const mapped = config.tenants?.[claims.tid.toLowerCase()];
  const council = mapped ?? (config.tenants && perTenant(config) ? undefined : config.defaultCouncil);
  if (!council || !CouncilId.safeParse(council).success)
    throw problems.unauthorized(
      'Your organisation is not set up to use this service. Ask your administrator to add its tenant.',
    );
  const sources: Omit<CallerSources, 'directorates'> = {
    council: mapped ? 'tenant' : 'deployment',
    name: 'token',
  };
  const base = { subject: `${claims.tid}/${claims.oid}`, id: claims.oid, council };
  const roles = claims.roles ?? [];
  if (claims.scp !== undefined) {
    // A person, through an app acting for them: the API's scope must have been granted.
    if (!claims.scp.split(' ').includes(config.scope ?? DEFAULT_SCOPE))
      throw problems.forbidden(
        'This sign-in was not granted access to the plans API. Ask your administrator.',
      );
    const role = roleFromAppRoles(roles);
    if (!role)
      throw problems.forbidden(
        'You have no role in the plans service yet. Ask your administrator to assign you one.',
      );
    const tokenDirectorates = role === 'officer' ? claims.directorates : [];
    return {
      ...base,
      kind: 'person',
      name: claims.name ?? claims.preferred_username ?? claims.oid,
      role,
      directorates: tokenDirectorates,
      tokenDirectorates,
      sources: { ...sources, directorates: tokenDirectorates.length ? 'token' : 'none' },
    };
  }
  // No scp: an application acting as itself. Only the sync app role lets one in.
  if (!roles.includes(SYNC_APP_ROLE))
    throw problems.forbidden(
      `This application has no permission to use the plans API. Grant it the ${SYNC_APP_ROLE} app role.`,
    );
  return {
    ...base,
    kind: 'application',
    name: `application ${claims.azp ?? claims.oid}`,
    role: 'sync' satisfies CallerRole,
    directorates: [],
    tokenDirectorates: [],
    sources: { ...sources, directorates: 'none' },
  };
}

/** The most privileged of the token's app roles that names one of ours ("Plans.Officer" or "officer"). */
export function roleFromAppRoles(roles: readonly string[]): Role | undefined {
  const named = roles.map((r) => r.toLowerCase().replace(/^plans\./, ''));
  return [...ROLES].reverse().find((role) => named.includes(role));
}

export function authenticate(config: AuthConfig): MiddlewareHandler<{ Variables: { caller: Caller } }> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
    if (!match?.[1])
      throw problems.unauthorized(
        'Send a bearer token in the Authorization header (get one with `plans token`).',
      );
    c.set('caller', await verifyToken(config, match[1]));
    await next();
  };
}
