/**
 * Routes built on first use (issue 13: the cold start). Each group's zod schemas, OpenAPI routes
 * and validators are made when a request first reaches one of its endpoints, so a fresh Lambda
 * builds only what its first request needs. The app routes to a group's endpoints before building
 * it; once built, the group's own handlers (validators, then the route's) run on the same context.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Handler, Hono, MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import type { AppEnv } from './app.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteGroup {
  /** Its endpoints as its routes declare them, `{param}` paths (tests/functions/routes/groups.test.ts). */
  endpoints: readonly (readonly [Method, string])[];
  /** Its routes; a group whose replies need core's schemas imports them first, so may answer later. */
  build: () => Hono<AppEnv> | Promise<Hono<AppEnv>>;
}

/** A group's routes, built once, on first use. */
export interface BuiltOnFirstUse {
  group: RouteGroup;
  routes(): Promise<Hono<AppEnv>>;
}

/** `/councils/{council}` (OpenAPI) → `/councils/:council` (Hono), as @hono/zod-openapi converts it. */
export const honoPath = (path: string) => path.replaceAll(/\/{(.+?)}/g, '/:$1');

export function onFirstUse(group: RouteGroup, app: OpenAPIHono<AppEnv>): BuiltOnFirstUse {
  let built: Promise<Hono<AppEnv>> | undefined;
  const routes = () => {
    built ??= Promise.resolve(group.build()).then((sub) => {
      // Mounted with app.route, a group found the app's validation hook through its parent.
      if (sub instanceof OpenAPIHono) sub.defaultHook = app.defaultHook;
      return sub;
    });
    return built;
  };
  return { group, routes };
}

/** Routes each endpoint of the group to its handlers, building the group on the first request. */
export function routeOnFirstUse(app: OpenAPIHono<AppEnv>, lazy: BuiltOnFirstUse): void {
  for (const [method, path] of lazy.group.endpoints) {
    const at = honoPath(path);
    let run: MiddlewareHandler<AppEnv> | undefined;
    const handler: Handler<AppEnv> = async (c, next) => {
      if (!run) {
        const sub = await lazy.routes();
        const handlers = sub.routes
          .filter((route) => route.method === method.toUpperCase() && route.path === at)
          .map((route) => route.handler as MiddlewareHandler<AppEnv>);
        if (handlers.length === 0) throw new Error(`route group has no ${method} ${path}`);
        run = every(...handlers);
      }
      await run(c, next);
      return c.res;
    };
    app.on(method.toUpperCase(), at, handler);
  }
}

/** The app's OpenAPI registry as app.route('/', …) of every group, in order, would have made it. */
export async function documentRoutes(groups: readonly BuiltOnFirstUse[]): Promise<OpenAPIHono<AppEnv>> {
  const doc = new OpenAPIHono<AppEnv>();
  for (const lazy of groups) doc.route('/', await lazy.routes());
  return doc;
}
