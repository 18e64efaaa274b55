import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { IsoDate, STATUSES, toIsoDate } from '../../core/plan.js';
import { isOverdue, NO_STATUS, summarise } from '../../core/summary.js';
import type { AppEnv } from '../app.js';
import { type Caller, sameDirectorate, seesAllDirectorates } from '../caller.js';
import { problems } from '../problem.js';
import { readCouncil } from '../store/council.js';
import type { Store } from '../store/dynamodb.js';
import { CouncilParams, commonProblems, directorate, json, ulid } from './schemas.js';

/** The core schemas of this group's replies, loaded when the group is built (functions/route-groups.ts). */
type Schemas = typeof import('../../core/api-replies.js');

const Scope = z.object({
  asOf: z
    .string()
    .max(10, 'must be YYYY-MM-DD')
    .optional()
    .openapi({ description: 'The date the roll-up is as of (YYYY-MM-DD); today by default' }),
  plan: ulid().optional().openapi({ description: 'Only this plan' }),
  directorate: directorate().optional().openapi({ description: 'Only this directorate' }),
});

const summary = ({ CouncilSummary }: Schemas) =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/summary',
    summary:
      "Roll-up of the council's plans: directorate × status, overdue, due soon, stale, unlinked recommendations, lifecycle",
    request: { params: CouncilParams, query: Scope },
    responses: { 200: json(CouncilSummary, 'The roll-up, as of the date asked'), ...commonProblems },
  });

const drillDown = () =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/actions',
    summary: 'Actions across the council, for drill-down from the summary',
    request: {
      params: CouncilParams,
      query: Scope.extend({
        status: z.enum([...STATUSES, NO_STATUS]).optional(),
        overdue: z.enum(['true', 'false']).optional(),
      }),
    },
    responses: {
      200: json(z.object({ actions: z.array(z.object({}).passthrough()) }), 'Matching live actions'),
      ...commonProblems,
    },
  });

interface ScopeQuery {
  asOf?: string | undefined;
  plan?: string | undefined;
  directorate?: string | undefined;
}

/** Officers see their own directorates; everyone else the whole council. */
async function readScope(store: Store, caller: Caller, query: ScopeQuery) {
  const asOf = query.asOf ?? toIsoDate(new Date());
  if (!IsoDate.safeParse(asOf).success)
    throw problems.badRequest('asOf must be a date written YYYY-MM-DD.', [
      { path: 'query.asOf', message: 'must be YYYY-MM-DD' },
    ]);
  let directorates: string[] | undefined = seesAllDirectorates(caller) ? undefined : caller.directorates;
  if (query.directorate) {
    if (directorates && !directorates.some((d) => sameDirectorate(d, query.directorate as string))) {
      throw problems.forbidden(`You can see only ${directorates.join(', ')}.`);
    }
    directorates = [query.directorate];
  }
  const contents = await readCouncil(store, caller.council, directorates);
  const inPlan = <T extends { plan: string }>(items: T[]) =>
    query.plan ? items.filter((i) => i.plan === query.plan) : items;
  return {
    asOf,
    scope: directorates ? { directorates } : null,
    plans: query.plan ? contents.plans.filter((p) => p.id === query.plan) : contents.plans,
    recommendations: inPlan(contents.recommendations),
    actions: inPlan(contents.actions),
  };
}

export async function summaryRoutes() {
  const schemas = await import('../../core/api-replies.js');
  return new OpenAPIHono<AppEnv>()
    .openapi(summary(schemas), async (c) => {
      const scope = await readScope(c.get('deps').store, c.get('caller'), c.req.valid('query'));
      return c.json(
        summarise(scope.plans, scope.actions, scope.recommendations, scope.asOf, scope.scope),
        200,
      );
    })
    .openapi(drillDown(), async (c) => {
      const query = c.req.valid('query');
      const scope = await readScope(c.get('deps').store, c.get('caller'), query);
      const actions = scope.actions.filter(
        (a) =>
          (!query.status || (a.status ?? NO_STATUS) === query.status) &&
          (query.overdue === undefined || isOverdue(a, scope.asOf) === (query.overdue === 'true')),
      );
      return c.json({ actions }, 200);
    });
}
