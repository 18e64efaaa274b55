/**
 * The OpenAPI document describes every error a route really answers, as it is sent: RFC 9457
 * problem+json with the one Problem schema. The statuses are found by asking each route the way
 * it can fail (no token, another council, too big, not JSON, a bad id, a role not allowed), plus
 * those only a stored state provokes, which the route tests prove (listed below).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../../core/problem.js';
import { createTestApi, type TestApi } from '../support/app.js';

interface Operation {
  method: string;
  path: string;
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

const ULID = '01JD0000000000000000000000';

/**
 * Any route: 500 for what the server did not expect (functions/app.ts toProblem), 503 when the
 * store does not answer or the deadline passes (tests/functions/faults.test.ts).
 */
const EVERY_ROUTE = [500, 503];

/** Error statuses that need data in a state: each is proved by the route test named. */
const STATEFUL: Record<string, number[]> = {
  // tests/functions/routes/sync.test.ts: a key still being applied; a key reused
  'post /councils/{council}/plans/{plan}/sync': [409, 422],
  // tests/functions/routes/actions.test.ts: an id already taken; a stale or missing If-Match
  'post /councils/{council}/plans/{plan}/actions': [409],
  'patch /councils/{council}/plans/{plan}/actions/{id}': [412, 428],
  'delete /councils/{council}/plans/{plan}/actions/{id}': [412, 428],
};

let api: TestApi;
let doc: { paths: Record<string, Record<string, Operation>> };
let operations: Operation[];
let admin: string;
let viewer: string;

beforeAll(async () => {
  api = await createTestApi('openapi');
  admin = await api.token({ council: 'chorley', role: 'admin' });
  viewer = await api.token({ council: 'chorley', role: 'viewer' });
  doc = await (await api.request('/openapi.json')).json();
  operations = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ ...operation, method, path })),
  );
});

const address = (path: string, council = 'chorley', id = ULID) =>
  path.replace('{council}', council).replace('{plan}', id).replace('{id}', id);

/** Every error status the server answered this operation with, asked each way it can fail. */
async function errorStatuses(operation: Operation): Promise<number[]> {
  const method = operation.method.toUpperCase();
  const asks: Promise<Response>[] = [
    api.request(address(operation.path), { method }),
    api.request(address(operation.path), {
      method,
      token: viewer,
      ...(operation.requestBody ? { json: {} } : {}),
    }),
  ];
  if (operation.path.includes('{council}'))
    asks.push(api.request(address(operation.path, 'elsewhere'), { method, token: admin }));
  if (operation.path.includes('{plan}') || operation.path.includes('{id}'))
    asks.push(api.request(address(operation.path, 'chorley', 'not-an-id'), { method, token: admin }));
  if (operation.requestBody) {
    const at = address(operation.path);
    const json = { 'content-type': 'application/json', 'if-match': '"1"' };
    asks.push(
      api.request(at, { method, token: admin, headers: json, body: 'x'.repeat(6 * 1024 * 1024) }),
      api.request(at, { method, token: admin, headers: json, body: '{"title": ' }),
      api.request(at, { method, token: admin, headers: { 'content-type': 'text/plain' }, body: 'title' }),
    );
  }
  const errors = (await Promise.all(asks)).filter((res) => res.status >= 400);
  for (const res of errors) {
    // As sent: the header and the body the document promises.
    expect(res.headers.get('content-type'), `${operation.path} ${res.status}`).toBe(
      'application/problem+json',
    );
    expect(Problem.safeParse(await res.json()).success, `${operation.path} ${res.status}`).toBe(true);
  }
  const statuses = errors.map((res) => res.status);
  return [
    ...new Set([...statuses, ...EVERY_ROUTE, ...(STATEFUL[`${operation.method} ${operation.path}`] ?? [])]),
  ];
}

describe('the OpenAPI document and the errors the API sends', () => {
  it('when a route can answer an error status, then the document lists it for that route as problem+json with the Problem schema', async () => {
    const missing: string[] = [];
    for (const operation of operations) {
      for (const status of await errorStatuses(operation)) {
        const schema = operation.responses[status]?.content?.['application/problem+json']?.schema;
        if (schema?.$ref !== '#/components/schemas/Problem')
          missing.push(`${operation.method} ${operation.path} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('when the document lists an error, then it is problem+json with the Problem schema, never another shape', () => {
    const otherwise = operations.flatMap((operation) =>
      Object.entries(operation.responses)
        .filter(([status]) => Number(status) >= 400)
        .filter(
          ([, response]) =>
            Object.keys(response.content ?? {}).join() !== 'application/problem+json' ||
            response.content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem',
        )
        .map(([status]) => `${operation.method} ${operation.path} ${status}`),
    );
    expect(otherwise).toEqual([]);
  });

  it('when a reply is described, then it is the schema the client reads that reply with (core/api-replies)', () => {
    const ok = (path: string, method = 'get') =>
      doc.paths[path]?.[method]?.responses['200']?.content?.['application/json']?.schema as {
        $ref?: string;
        required?: string[];
      };
    expect(ok('/me')?.$ref).toBe('#/components/schemas/Me');
    expect(ok('/councils/{council}/people/{id}', 'put')?.$ref).toBe('#/components/schemas/Person');
    expect(ok('/councils/{council}/summary')?.required).toEqual(
      expect.arrayContaining(['asOf', 'live', 'byStatus', 'byDirectorate', 'overdue', 'plans', 'scope']),
    );
  });

  it('when the Problem schema is read, then it has the members every problem carries', () => {
    const schema = (doc as unknown as { components: { schemas: Record<string, { required: string[] }> } })
      .components.schemas.Problem;
    expect(schema?.required).toEqual(['type', 'title', 'status', 'detail']);
  });
});
