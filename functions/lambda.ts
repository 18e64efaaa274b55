/** The AWS Lambda entry: the same app as the local server, configured from the environment. */
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { remoteKeys } from './auth.js';
import { originsFrom, readServerEnv } from './config.js';
import { createStoreClients } from './store/client.js';

const env = readServerEnv();

export const handler = handle(
  createApp({
    store: createStoreClients(env.TABLE_NAME, env.DYNAMODB_ENDPOINT),
    auth: {
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      keys: remoteKeys(env.AUTH_JWKS_URL),
      ...(env.AUTH_COUNCIL ? { defaultCouncil: env.AUTH_COUNCIL } : {}),
    },
    corsOrigins: originsFrom(env.CORS_ORIGIN),
    ...(env.PROBLEM_TYPE_BASE ? { problemTypeBase: env.PROBLEM_TYPE_BASE } : {}),
  }),
);
