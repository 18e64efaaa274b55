import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Plan, PlanInput, Recommendation } from '../../core/plan.js';
import type { AppEnv } from '../app.js';
import { requirePlanManager } from '../caller.js';
import { deriveDatesOnce } from '../store/derive-dates-once.js';
import { readPlanRevision } from '../store/plan-revision.js';
import { createPlan, getPlan, listPlans, putRecommendation, updatePlan } from '../store/plans.js';
import { bodyProblems, CouncilParams, commonProblems, json, jsonBody, PlanParams } from './schemas.js';

/** The core schemas of this group's replies, loaded when the group is built (functions/route-groups.ts). */
type Schemas = typeof import('../../core/api-replies.js');

const PlanEntry = Plan.omit({ recommendations: true });

const create = () =>
  createRoute({
    method: 'post',
    path: '/councils/{council}/plans',
    summary: 'Start a plan (policy, admin)',
    request: { params: CouncilParams, body: jsonBody(PlanInput.strict()) },
    responses: {
      201: json(Plan, 'The plan, with its derived deadlines'),
      ...commonProblems,
      ...bodyProblems,
    },
  });

const list = () =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/plans',
    summary: "The council's plans",
    request: { params: CouncilParams },
    responses: {
      200: json(z.object({ plans: z.array(PlanEntry) }), 'Every plan of the council'),
      ...commonProblems,
    },
  });

const get = () =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/plans/{plan}',
    summary: 'One plan with its recommendations',
    request: { params: PlanParams },
    responses: { 200: json(Plan, 'The plan'), ...commonProblems },
  });

const update = () =>
  createRoute({
    method: 'patch',
    path: '/councils/{council}/plans/{plan}',
    summary: "Change a plan's title or dates, e.g. when it was published (policy, admin)",
    request: { params: PlanParams, body: jsonBody(PlanInput.partial().strict()) },
    responses: { 200: json(Plan, 'The plan, deadlines derived again'), ...commonProblems, ...bodyProblems },
  });

const addRecommendation = () =>
  createRoute({
    method: 'post',
    path: '/councils/{council}/plans/{plan}/recommendations',
    summary: 'Add or rewrite a recommendation (policy, admin)',
    request: { params: PlanParams, body: jsonBody(Recommendation.strict()) },
    responses: {
      201: json(Recommendation, 'The recommendation as stored'),
      ...commonProblems,
      ...bodyProblems,
    },
  });

const deriveDates = ({ DeriveDatesReply }: Schemas) =>
  createRoute({
    method: 'post',
    path: '/councils/{council}/plans/{plan}/migrations/derive-dates',
    summary:
      'Once: derive the due date and milestones of rows stored before the server did (policy, admin); a system change in their history',
    request: { params: PlanParams },
    responses: {
      200: json(
        DeriveDatesReply,
        'How many rows were corrected, and how many moved meanwhile (run it again for those)',
      ),
      ...commonProblems,
    },
  });

export async function planRoutes() {
  const schemas = await import('../../core/api-replies.js');
  return new OpenAPIHono<AppEnv>()
    .openapi(create(), async (c) => {
      const caller = c.get('caller');
      requirePlanManager(caller);
      const plan = await createPlan(c.get('deps').store, caller.council, c.req.valid('json'), {
        by: caller.name,
        at: new Date().toISOString(),
      });
      return c.json(plan, 201);
    })
    .openapi(list(), async (c) => {
      const plans = await listPlans(c.get('deps').store, c.get('caller').council);
      return c.json({ plans }, 200);
    })
    .openapi(get(), async (c) => {
      const { council, plan } = c.req.valid('param');
      return c.json(await getPlan(c.get('deps').store, { council, plan }), 200);
    })
    .openapi(update(), async (c) => {
      requirePlanManager(c.get('caller'));
      const { council, plan } = c.req.valid('param');
      return c.json(await updatePlan(c.get('deps').store, { council, plan }, c.req.valid('json')), 200);
    })
    .openapi(addRecommendation(), async (c) => {
      requirePlanManager(c.get('caller'));
      const { council, plan } = c.req.valid('param');
      const { store } = c.get('deps');
      // The plan must exist: one key read, not the plan with all its recommendations.
      await readPlanRevision(store, { council, plan });
      return c.json(await putRecommendation(store, { council, plan }, c.req.valid('json')), 201);
    })
    .openapi(deriveDates(schemas), async (c) => {
      requirePlanManager(c.get('caller'));
      const { council, plan } = c.req.valid('param');
      const { store } = c.get('deps');
      await readPlanRevision(store, { council, plan });
      return c.json(await deriveDatesOnce(store, { council, plan }), 200);
    });
}
