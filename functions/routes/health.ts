import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { problems } from '../problem.js';
import { commonProblems, json, problem } from './schemas.js';

const health = () =>
  createRoute({
    method: 'get',
    path: '/health',
    security: [],
    responses: {
      200: json(z.object({ status: z.literal('ok') }), 'The API and its table answer'),
      500: commonProblems[500],
      503: problem('The table does not answer'),
    },
  });

export function healthRoutes() {
  return new OpenAPIHono<AppEnv>().openapi(health(), async (c) => {
    const { store } = c.get('deps');
    try {
      await store.raw.send(new DescribeTableCommand({ TableName: store.tableName }), {
        abortSignal: AbortSignal.timeout(3_000),
      });
    } catch {
      throw problems.unavailable('The plan store does not answer.');
    }
    return c.json({ status: 'ok' as const }, 200);
  });
}
