import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { Me } from '../../core/api-replies.js';
import type { AppEnv } from '../app.js';
import { commonProblems, json } from './schemas.js';

const me = () =>
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

export function meRoutes() {
  return new OpenAPIHono<AppEnv>().openapi(me(), (c) => {
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
