import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { IsoDate, toIsoDate } from '../../core/plan.js';
import { buildReport, renderReportHtml } from '../../core/report.js';
import { REPORT_CSP } from '../../core/report-html.js';
import type { AppEnv } from '../app.js';
import { problems } from '../problem.js';
import { listActions } from '../store/actions.js';
import { getCouncil } from '../store/council-profile.js';
import { getPlan } from '../store/plans.js';
import { commonProblems, PlanParams } from './schemas.js';

const report = () =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/plans/{plan}/report.html',
    summary: 'The committee progress report of a plan, as one printable HTML page',
    request: {
      params: PlanParams,
      query: z.object({
        asOf: z
          .string()
          .max(10, 'must be YYYY-MM-DD')
          .optional()
          .openapi({ description: 'The date the report is as of (YYYY-MM-DD); today by default' }),
      }),
    },
    responses: {
      200: {
        content: { 'text/html': { schema: z.string() } },
        description:
          'Background, progress per recommendation, complete, rolled forward, overdue and unlinked',
      },
      ...commonProblems,
    },
  });

export function reportRoutes() {
  return new OpenAPIHono<AppEnv>().openapi(report(), async (c) => {
    const ref = c.req.valid('param');
    const asOf = c.req.valid('query').asOf ?? toIsoDate(new Date());
    if (!IsoDate.safeParse(asOf).success)
      throw problems.badRequest('asOf must be a date written YYYY-MM-DD.', [
        { path: 'query.asOf', message: 'must be YYYY-MM-DD' },
      ]);
    const { store } = c.get('deps');
    const [plan, actions, council] = await Promise.all([
      getPlan(store, ref),
      listActions(store, ref),
      getCouncil(store, ref.council),
    ]);
    const html = renderReportHtml(
      buildReport({
        council: ref.council,
        councilName: council.name,
        plans: [plan],
        actions: actions.map((a) => ({ ...a, plan: plan.id })),
        asOf,
      }),
    );
    return c.body(html, 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': REPORT_CSP,
      'cache-control': 'private, no-store',
    });
  });
}
