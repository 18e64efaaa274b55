/** Bearer JWT verification: every route but /health and /openapi.json goes through it. */
import type { MiddlewareHandler } from 'hono';
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { z } from 'zod';
import { CouncilId, MAX_DIRECTORATE, ROLES, Role } from '../core/plan.js';
import type { Caller } from './caller.js';
import { problems } from './problem.js';

export interface AuthConfig {
  issuer: string;
  audience: string;
  /** A JWKS (the cloud's OIDC issuer, or the local server's own key set). */
  keys: JWTVerifyGetKey;
  /** The council of a one-council deployment, for tokens (Entra ID's) that carry no council claim. */
  defaultCouncil?: string;
}

/** Asymmetric algorithms only: `none` and HMAC (which a public key could be abused as) are refused. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'];

const Claims = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  council: CouncilId.optional(),
  role: Role.optional(),
  /** Entra ID app roles, e.g. ["Plans.Officer"]. */
  roles: z.array(z.string().max(100)).max(50).optional(),
  directorates: z
    .union([z.array(z.string().max(MAX_DIRECTORATE)).max(100), z.string().max(MAX_DIRECTORATE)])
    .optional()
    .transform((d) => (d === undefined ? [] : Array.isArray(d) ? d : [d])),
});

export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
}

export async function verifyToken(config: AuthConfig, token: string): Promise<Caller> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, config.keys, {
      issuer: config.issuer,
      audience: config.audience,
      algorithms: ALGORITHMS,
      clockTolerance: 30,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch {
    // The reason (expired, wrong issuer, bad signature) is not told: it helps an attacker more than a user.
    throw problems.unauthorized('The sign-in token is missing, expired or not valid here. Sign in again.');
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) {
    throw problems.unauthorized(
      'The sign-in token does not say which council and role it is for. Ask your administrator.',
    );
  }
  const { sub, name, preferred_username, directorates } = claims.data;
  const council = claims.data.council ?? config.defaultCouncil;
  const role = claims.data.role ?? roleFromAppRoles(claims.data.roles ?? []);
  if (!council || !CouncilId.safeParse(council).success || !role) {
    throw problems.unauthorized(
      'The sign-in token does not say which council and role it is for. Ask your administrator.',
    );
  }
  return {
    subject: sub,
    name: name ?? preferred_username ?? sub,
    council,
    role,
    directorates: role === 'officer' ? directorates : [],
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
