/**
 * A cold start builds only what its first request needs (issue 13): the routes' zod schemas and
 * OpenAPI definitions are made when a request first reaches their group, not when the app starts.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../../functions/app.js';
import { onFirstUse, routeOnFirstUse } from '../../functions/route-groups.js';
import { validationHook } from '../../functions/validation.js';
import { createTestApi, type TestApi } from '../support/app.js';

const routesMade = vi.hoisted(() => ({ count: 0 }));
const repliesLoaded = vi.hoisted(() => ({ count: 0 }));

vi.mock('../../core/api-replies.js', async (original) => {
  repliesLoaded.count++;
  return original();
});

vi.mock('@hono/zod-openapi', async (original) => {
  const actual = await original<typeof import('@hono/zod-openapi')>();
  return {
    ...actual,
    createRoute: ((config: Parameters<typeof actual.createRoute>[0]) => {
      routesMade.count++;
      return actual.createRoute(config);
    }) as typeof actual.createRoute,
  };
});

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi('route-groups');
});

afterAll(() => api.store.raw.destroy());

describe('routes built on first use', () => {
  it('when the app has started, then no route is built; when /health answers, then only its route is', async () => {
    expect(routesMade.count).toBe(0);
    expect((await api.request('/health')).status).toBe(200);
    expect(routesMade.count).toBe(1);
    expect((await api.request('/health')).status).toBe(200);
    expect(routesMade.count).toBe(1);
  });

  it('when only /health has answered, then the reply schemas of the other routes (core/api-replies) are not loaded', async () => {
    expect((await api.request('/health')).status).toBe(200);
    expect(repliesLoaded.count).toBe(0);
    expect((await api.request('/openapi.json')).status).toBe(200);
    expect(repliesLoaded.count).toBe(1);
  });

  it('when a group is asked for by several requests at once, then it is built once and answers each', async () => {
    let builds = 0;
    const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
    const group = onFirstUse(
      {
        endpoints: [['get', '/things/{id}']],
        build: async () => {
          builds++;
          return new OpenAPIHono<AppEnv>().get('/things/:id', (c) => c.json({ id: c.req.param('id') }));
        },
      },
      app,
    );
    routeOnFirstUse(app, group);
    app.get('/other', (c) => c.text('other'));
    expect((await app.request('/other')).status).toBe(200);
    expect(builds).toBe(0);
    const answers = await Promise.all(['a', 'b', 'c'].map((id) => app.request(`/things/${id}`)));
    expect(await Promise.all(answers.map((res) => res.json()))).toEqual([
      { id: 'a' },
      { id: 'b' },
      { id: 'c' },
    ]);
    expect(builds).toBe(1);
  });
});
