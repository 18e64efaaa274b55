import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { commonProblems, json } from './schemas.js';

/** The core schemas of this group's replies, loaded when the group is built (functions/route-groups.ts). */
type Schemas = typeof import('../../core/api-replies.js');

const me = ({ Me }: Schemas) =>
  createRoute({
    method: 'get',
    path: '/me',
    summary: 'Who the server says you are: council, role, name, directorates, and where each came from',
    responses: { 200: json(Me, 'You, as the API sees you on this request'), ...commonProblems },
  });

/** "west-lancs" → "West Lancs": a council without a configured name still reads as one. */
export const councilDisplayName = (council: string, names: Record<string, string> = {}) =>
  names[council] ??
  council.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => `${dash ? ' ' : ''}${ch.toUpperCase()}`);

export async function meRoutes() {
  const schemas = await import('../../core/api-replies.js');
  return new OpenAPIHono<AppEnv>().openapi(me(schemas), (c) => {
    const caller = c.get('caller');
    return c.json(
      {
        id: caller.id,
        kind: caller.kind,
        name: caller.name,
        council: caller.council,
        councilName: councilDisplayName(caller.council, c.get('deps').auth.councilNames),
        role: caller.role,
        directorates: caller.directorates,
        tokenDirectorates: caller.tokenDirectorates,
        sources: { ...caller.sources, role: 'token' as const },
      },
      200,
    );
  });
}
