/** The AWS Lambda entry: the same app as the local server, configured from the environment. */
import { handle } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { authFromEnv, originsFrom, readServerEnv } from './config.js';
import { connectStore } from './store/dynamodb.js';

const env = readServerEnv();

export const handler = handle(
  createApp({
    store: connectStore(env.TABLE_NAME, env.DYNAMODB_ENDPOINT),
    auth: authFromEnv(env),
    corsOrigins: originsFrom(env.CORS_ORIGIN),
    ...(env.PROBLEM_TYPE_BASE ? { problemTypeBase: env.PROBLEM_TYPE_BASE } : {}),
  }),
);
