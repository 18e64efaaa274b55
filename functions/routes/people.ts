import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../app.js';
import { requirePeopleManager } from '../caller.js';
import { problems } from '../problem.js';
import { deletePerson, getPerson, listPeople, personHistory, putPerson } from '../store/people.js';
import { bodyProblems, CouncilParams, commonProblems, directorate, json, jsonBody } from './schemas.js';

/** The core schemas of this group's replies, loaded when the group is built (functions/route-groups.ts). */
type Schemas = typeof import('../../core/api-replies.js');

const PersonParams = CouncilParams.extend({
  id: z
    .string()
    .regex(/^[A-Za-z0-9@._:-]{1,128}$/, 'must be an Entra object id, or a local token subject')
    .openapi({ param: { name: 'id', in: 'path' }, example: '6f1f0c44-2b1e-4d7a-9d52-1f3c8a0b7e21' }),
});

const PersonInput = z
  .object({
    name: z.string().trim().min(1, 'must name the person').max(200),
    directorates: z.array(directorate().trim().min(1, 'must not be empty')).max(100),
  })
  .strict();

const list = ({ PeopleList }: Schemas) =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/people',
    summary: "The council's people and their directorates (policy, admin)",
    request: { params: CouncilParams },
    responses: { 200: json(PeopleList, 'Everyone assigned'), ...commonProblems },
  });

const get = ({ PersonWithHistory }: Schemas) =>
  createRoute({
    method: 'get',
    path: '/councils/{council}/people/{id}',
    summary: "One person's directorates, with every change to them (policy, admin)",
    request: { params: PersonParams },
    responses: {
      200: json(PersonWithHistory, 'The person and the audit trail'),
      ...commonProblems,
    },
  });

const put = ({ Person }: Schemas) =>
  createRoute({
    method: 'put',
    path: '/councils/{council}/people/{id}',
    summary: "Assign a person's directorates: they count from the next request (policy, admin)",
    request: { params: PersonParams, body: jsonBody(PersonInput) },
    responses: { 200: json(Person, 'The person as now assigned'), ...commonProblems, ...bodyProblems },
  });

const remove = () =>
  createRoute({
    method: 'delete',
    path: '/councils/{council}/people/{id}',
    summary: "Remove a person's assignment: their token's claims count again (policy, admin)",
    request: { params: PersonParams },
    responses: { 204: { description: 'Removed' }, ...commonProblems },
  });

export async function peopleRoutes() {
  const schemas = await import('../../core/api-replies.js');
  return new OpenAPIHono<AppEnv>()
    .openapi(list(schemas), async (c) => {
      const caller = c.get('caller');
      requirePeopleManager(caller);
      return c.json({ people: await listPeople(c.get('deps').store, caller.council) }, 200);
    })
    .openapi(get(schemas), async (c) => {
      const caller = c.get('caller');
      requirePeopleManager(caller);
      const { store } = c.get('deps');
      const { id } = c.req.valid('param');
      const [person, history] = await Promise.all([
        getPerson(store, caller.council, id),
        personHistory(store, caller.council, id),
      ]);
      if (!person) throw problems.notFound('Nobody with that id is assigned in your council.');
      return c.json({ ...person, history }, 200);
    })
    .openapi(put(schemas), async (c) => {
      const caller = c.get('caller');
      requirePeopleManager(caller);
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const person = await putPerson(c.get('deps').store, caller.council, { id, ...body }, caller.name);
      return c.json(person, 200);
    })
    .openapi(remove(), async (c) => {
      const caller = c.get('caller');
      requirePeopleManager(caller);
      const { id } = c.req.valid('param');
      if (!(await deletePerson(c.get('deps').store, caller.council, id, caller.name)))
        throw problems.notFound('Nobody with that id is assigned in your council.');
      return c.body(null, 204);
    });
}
