/**
 * The route groups (functions/routes/groups.ts) are built on first use: the app routes to the
 * endpoints each group names, so the names must be exactly the routes the group builds, in order.
 */
import { describe, expect, it } from 'vitest';
import { honoPath } from '../../../functions/route-groups.js';
import { ROUTE_GROUPS } from '../../../functions/routes/groups.js';

describe('route groups built on first use', () => {
  it('when a group is built, then its routes are exactly the endpoints it names, in the same order', async () => {
    for (const group of ROUTE_GROUPS) {
      const built = (await group.build()).routes.map((route) => `${route.method} ${route.path}`);
      const distinct = built.filter((route, i) => route !== built[i - 1]);
      expect(distinct).toEqual(
        group.endpoints.map(([method, path]) => `${method.toUpperCase()} ${honoPath(path)}`),
      );
    }
  });
});
