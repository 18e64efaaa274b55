import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { Council, CouncilName } from '../../core/council.js';
import type { AppEnv } from '../app.js';
import { type Caller, requirePlanManager } from '../caller.js';
import { problems } from '../problem.js';
import { getCouncil, nameCouncil } from '../store/council-profile.js';
import { bodyProblems, CouncilParams, commonProblems, json, jsonBody } from './schemas.js';

const get = () =>
  createRoute({
    method: 'get',
    path: '/councils/{council}',
    summary: 'The council and its display name',
    request: { params: CouncilParams },
    responses: {
      200: json(Council, 'The council; named is false until its name is given'),
      ...commonProblems,
    },
  });

const rename = () =>
  createRoute({
    method: 'patch',
    path: '/councils/{council}',
    summary: "Give the council's display name, as reports show it (policy, admin)",
    request: { params: CouncilParams, body: jsonBody(z.object({ name: CouncilName }).strict()) },
    responses: { 200: json(Council, 'The council, named'), ...commonProblems, ...bodyProblems },
  });

/** The council in the address, which must be the caller's: another council is the same 404 as none. */
function ownCouncil(param: string, caller: Caller): string {
  if (param !== caller.council) throw problems.notFound('There is nothing at this address for your council.');
  return param;
}

export function councilRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(get(), async (c) => {
      const council = ownCouncil(c.req.valid('param').council, c.get('caller'));
      return c.json(await getCouncil(c.get('deps').store, council), 200);
    })
    .openapi(rename(), async (c) => {
      const council = ownCouncil(c.req.valid('param').council, c.get('caller'));
      requirePlanManager(c.get('caller'));
      return c.json(await nameCouncil(c.get('deps').store, council, c.req.valid('json').name), 200);
    });
}
