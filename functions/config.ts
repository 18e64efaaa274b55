/** The server's settings, from the environment the Lambda (or the local server) runs in. */
import { z } from 'zod';

const Env = z.object({
  TABLE_NAME: z.string().min(1, 'TABLE_NAME must name the DynamoDB table'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  AUTH_ISSUER: z.string().min(1, 'AUTH_ISSUER must be the OIDC issuer'),
  AUTH_AUDIENCE: z.string().min(1, 'AUTH_AUDIENCE must be the API audience'),
  AUTH_JWKS_URL: z.url('AUTH_JWKS_URL must be the issuer JWKS URL'),
  CORS_ORIGIN: z.string().optional(),
  /** The council of a one-council deployment, for Entra ID tokens without a council claim. */
  AUTH_COUNCIL: z.string().optional(),
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

export const originsFrom = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
