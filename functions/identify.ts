/**
 * After the token: what the council's own records say about the caller. A person record (GET/PUT
 * /councils/{c}/people/{id}) names them and, for an officer, gives the directorates they may edit,
 * in place of any token claim; it is read on every request, so a move counts on the next one.
 * An application (app-only token) is held to syncing and reading here, whatever a route allows.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app.js';
import { applicationMay } from './caller.js';
import { problems } from './problem.js';
import { getPerson } from './store/people.js';

export function identify(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = c.get('caller');
    if (caller.kind === 'application' && !applicationMay(c.req.method, c.req.path))
      throw problems.forbidden('An application may sync and read plans of its council, and nothing else.');
    const person = await getPerson(c.get('deps').store, caller.council, caller.id);
    if (person) {
      const officer = caller.role === 'officer';
      c.set('caller', {
        ...caller,
        name: person.name,
        directorates: officer ? person.directorates : caller.directorates,
        sources: {
          ...caller.sources,
          name: 'people',
          directorates: officer ? 'people' : caller.sources.directorates,
        },
      });
    }
    await next();
  };
}
