/** The server's settings, from the environment the Lambda (or the local server) runs in. */
import { z } from 'zod';
import { type AuthConfig, remoteKeys } from './auth.js';

/** `{"<tenant id>": "chorley", …}`: JSON of string to string, or a message saying what is wrong. */
const JsonMap = (what: string) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        const value = JSON.parse(text) as unknown;
        const map = z.record(z.string(), z.string()).parse(value);
        return Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
      } catch {
        ctx.addIssue({ code: 'custom', message: `${what} must be a JSON object of strings` });
        return z.NEVER;
      }
    })
    .optional();

const Env = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME must name the DynamoDB table'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  AUTH_ISSUER: z.string().min(1, 'AUTH_ISSUER must be the OIDC issuer'),
  AUTH_AUDIENCE: z.string().min(1, 'AUTH_AUDIENCE must be the API audience'),
  AUTH_JWKS_URL: z.url('AUTH_JWKS_URL must be the issuer JWKS URL'),
  CORS_ORIGIN: z.string().optional(),
  /** The council of a one-council deployment, for Entra ID tokens without a council claim. */
  AUTH_COUNCIL: z.string().optional(),
  /** Entra tenant id → council, for a deployment serving several councils (AUTH_ISSUER with {tenantid}). */
  AUTH_TENANTS: JsonMap('AUTH_TENANTS'),
  /** The delegated scope a person's Entra token must carry (default access_as_user). */
  AUTH_SCOPE: z.string().min(1).optional(),
  /** Council id → display name, e.g. {"chorley": "Chorley Council"}. */
  COUNCIL_NAMES: JsonMap('COUNCIL_NAMES'),
  /** Where problem `type` URIs point, ending in "/" (default: the API's own /problems/ pages). */
  PROBLEM_TYPE_BASE: z.url().endsWith('/', 'PROBLEM_TYPE_BASE must end with /').optional(),
});

export type ServerEnv = z.infer<typeof Env>;

export function readServerEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Server configuration is incomplete: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  }
  return parsed.data;
}

const AuthEnv = Env.pick({
  AUTH_ISSUER: true,
  AUTH_AUDIENCE: true,
  AUTH_JWKS_URL: true,
  AUTH_COUNCIL: true,
  AUTH_TENANTS: true,
  AUTH_SCOPE: true,
  COUNCIL_NAMES: true,
});

/**
 * For `plans serve`: the Lambda's token settings when AUTH_ISSUER is set (a real tenant, or a test
 * issuer), else null (the server is its own issuer). Half a configuration is an error, not a fallback.
 */
export function readAuthEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig | null {
  if (!env.AUTH_ISSUER && !env.AUTH_AUDIENCE && !env.AUTH_JWKS_URL) return null;
  const parsed = AuthEnv.safeParse(env);
  if (!parsed.success)
    throw new Error(`Token settings are incomplete: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return authFromEnv(parsed.data);
}

/** Token checking as the environment sets it: the same for the Lambda and `plans serve`. */
export function authFromEnv(env: Omit<ServerEnv, 'TABLE_NAME'>): AuthConfig {
  return {
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    keys: remoteKeys(env.AUTH_JWKS_URL),
    ...(env.AUTH_COUNCIL ? { defaultCouncil: env.AUTH_COUNCIL } : {}),
    ...(env.AUTH_TENANTS ? { tenants: env.AUTH_TENANTS } : {}),
    ...(env.AUTH_SCOPE ? { scope: env.AUTH_SCOPE } : {}),
    ...(env.COUNCIL_NAMES ? { councilNames: env.COUNCIL_NAMES } : {}),
  };
}

export const originsFrom = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
