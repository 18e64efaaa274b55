/**
 * Hostile input, as properties: every route's body, params and query, fuzzed. The API always
 * answers with a 4xx problem+json (never a 5xx), and a refused request stores nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/app.js';
import { buildAction } from '../support/factories.js';

let api: TestApi;
let admin: string;
let plan: string;
let action: string;
const tried: Record<string, number> = {};
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

beforeAll(async () => {
  api = await createTestApi('fuzz');
  admin = await api.token({ council: 'chorley', role: 'admin' });
  plan = (
    await (
      await api.request('/councils/chorley/plans', {
        method: 'POST',
        token: admin,
        json: { title: 'Fuzzed' },
      })
    ).json()
  ).id;
  action = (
    await (
      await api.request(`/councils/chorley/plans/${plan}/actions`, {
        method: 'POST',
        token: admin,
        json: buildAction(),
      })
    ).json()
  ).id;
});

afterAll(() => {
  mkdirSync('tests/.tmp', { recursive: true });
  writeFileSync('tests/.tmp/fuzz-counts.json', JSON.stringify(tried, null, 2));
});

/** Strings an attacker or a broken client sends: control characters, lone surrogates, huge, odd keys. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    '\u001b[31m',
    '\ud800',
    '\uffff',
    '../../etc/passwd',
    '%00',
    '=cmd|calc',
    '<script>',
    '💥'.repeat(50),
  ),
  fc.string({ minLength: 10_001, maxLength: 10_050 }),
);
/**
 * Long and wide values, as DynamoDB counts them: its key limits are in UTF-8 bytes (sort key 1,024,
 * partition key 2,048), so 300 four-byte characters are 1,200 bytes although they look short.
 */
const long = fc.oneof(
  fc.string({ unit: 'binary', minLength: 300, maxLength: 1_200 }),
  fc.constantFrom('x'.repeat(1_100), 'x'.repeat(2_100), '💥'.repeat(300), 'é'.repeat(700), 'İ'.repeat(400)),
);
/** What can travel in a URL at all (a lone surrogate cannot be percent-encoded). */
const wellFormed = fc.oneof(nasty, long).filter((s) => s.isWellFormed());
const nastyValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
);
const pollutedObject = fc.oneof(
  fc.dictionary(
    fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'), nasty),
    nastyValue,
    { maxKeys: 5 },
  ),
  fc.constant({ __proto__: { admin: true } }),
  fc.constant(JSON.parse('{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"x": 1}}}')),
);
const nastyBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  pollutedObject.map((o) => JSON.stringify(o)),
  fc.constant(`${'['.repeat(5_000)}${']'.repeat(5_000)}`),
  fc.constant('{"title": "\\ud800"}'),
  fc.constant('{"title": '),
  fc.string({ maxLength: 30 }),
);

async function revision(): Promise<number> {
  return (await (await api.request(`/councils/chorley/plans/${plan}`, { token: admin })).json()).revision;
}

async function expectRefused(res: Response) {
  expect(res.status, `answered ${res.status}`).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await res.json();
  expect(typeof body.detail).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+\.(ts|js):\d+|node_modules|TypeError|DynamoDB/);
  return body;
}

const writes: [string, string, () => string, boolean][] = [
  ['POST plans', 'POST', () => '/councils/chorley/plans', false],
  ['PATCH plan', 'PATCH', () => `/councils/chorley/plans/${plan}`, false],
  ['POST recommendations', 'POST', () => `/councils/chorley/plans/${plan}/recommendations`, false],
  ['POST actions', 'POST', () => `/councils/chorley/plans/${plan}/actions`, false],
  ['PATCH action', 'PATCH', () => `/councils/chorley/plans/${plan}/actions/${action}`, true],
  ['POST sync', 'POST', () => `/councils/chorley/plans/${plan}/sync`, false],
];

describe('fuzzed bodies', () => {
  it.each(writes)(
    'when %s gets a hostile body, then 4xx problem+json and nothing is stored',
    async (name, method, path, ifMatch) => {
      const before = await revision();
      await fc.assert(
        fc.asyncProperty(nastyBody, async (body) => {
          tried[`${name} body`] = (tried[`${name} body`] ?? 0) + 1;
          const res = await api.request(path(), {
            method,
            token: admin,
            body,
            headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': '"1"' } : {}) },
          });
          // A few random JSON values are valid PATCH bodies ({} changes nothing): those may pass.
          if (res.status < 300) {
            expect(['PATCH plan', 'PATCH action']).toContain(name);
            return;
          }
          await expectRefused(res);
        }),
        { numRuns: RUNS },
      );
      expect(await revision()).toBe(before);
    },
  );

  it('when a body is bigger than 5 MB, then 413', async () => {
    const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ cursor: 0, changes: [], idempotencyKey: 'x'.repeat(6 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    await expectRefused(res);
  });

  it('when a body is not UTF-8, then 400', async () => {
    const res = await api.request('/councils/chorley/plans', {
      method: 'POST',
      token: admin,
      body: new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      headers: { 'content-type': 'application/json' },
    });
    await expectRefused(res);
  });

  it('when a sync carries a wrong field value, then the 400 names the change and field', async () => {
    const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      token: admin,
      json: {
        cursor: 0,
        idempotencyKey: 'fuzz-named-1',
        changes: [
          {
            op: 'update',
            id: action,
            baseVersion: 1,
            edits: [{ field: 'status', base: null, mine: 'Green' }],
          },
        ],
      },
    });
    const body = await expectRefused(res);
    expect(body.errors[0].path).toBe('body.changes.0.edits.0.mine');
  });

  it('when a sync has more than 5,000 changes, then 400 says the limit', async () => {
    const changes = Array.from({ length: 5_001 }, () => ({ op: 'delete', id: action, baseVersion: 1 }));
    const res = await api.request(`/councils/chorley/plans/${plan}/sync`, {
      method: 'POST',
      token: admin,
      json: { cursor: 0, idempotencyKey: 'too-many-1', changes },
    });
    expect((await expectRefused(res)).detail).toContain('5000');
  });
});

describe('fuzzed params and queries', () => {
  it('when path parameters are hostile, then 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        wellFormed,
        fc.constantFrom('', '/actions', '/history', '/changes', '/sync'),
        async (id, tail) => {
          tried['path params'] = (tried['path params'] ?? 0) + 1;
          const res = await api.request(`/councils/chorley/plans/${encodeURIComponent(id)}${tail}`, {
            token: admin,
          });
          await expectRefused(res);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('when query strings are hostile, then 4xx or a correct answer, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        wellFormed,
        fc.constantFrom(
          `/councils/chorley/plans/${'P'}/changes?since=`,
          '/councils/chorley/summary?asOf=',
          '/councils/chorley/actions?status=',
          '/councils/chorley/actions?overdue=',
          '/councils/chorley/actions?directorate=',
          '/councils/chorley/actions?plan=',
          '/councils/chorley/actions?asOf=',
          '/councils/chorley/summary?directorate=',
          '/councils/chorley/summary?plan=',
          `/councils/chorley/plans/${'P'}/actions?includeDeleted=`,
          `/councils/chorley/plans/${'P'}/report.html?asOf=`,
        ),
        async (value, prefix) => {
          tried['query'] = (tried['query'] ?? 0) + 1;
          const path = prefix.replace('/P/', `/${plan}/`) + encodeURIComponent(value);
          const res = await api.request(path, { token: admin });
          if (res.status === 200) return;
          await expectRefused(res);
        },
      ),
      {
        numRuns: RUNS,
        // Shrinking a 1,000-character value one request at a time outlasts the test: report it as found.
        endOnFailure: true,
        // The values that reached DynamoDB's key limits, tried every run whatever the seed.
        examples: [
          ['x'.repeat(1_100), '/councils/chorley/actions?directorate='],
          ['💥'.repeat(300), '/councils/chorley/summary?directorate='],
          ['x'.repeat(2_100), '/councils/chorley/actions?plan='],
        ],
      },
    );
  });

  it('when the council or the action id in the path is long or wide, then 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        wellFormed,
        fc.constantFrom(
          (v: string) => `/councils/${v}/plans`,
          (v: string) => `/councils/${v}/summary`,
          (v: string) => `/councils/chorley/plans/${plan}/actions/${v}`,
          (v: string) => `/councils/chorley/plans/${plan}/actions/${v}/history`,
        ),
        async (value, path) => {
          tried['council and id'] = (tried['council and id'] ?? 0) + 1;
          await expectRefused(await api.request(path(encodeURIComponent(value)), { token: admin }));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('when If-Match is hostile, then 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        nasty.filter((s) => !/^\s*(W\/)?"?1"?\s*$/.test(s) && /^[\x20-\x7e]*$/.test(s)),
        async (header) => {
          tried['if-match'] = (tried['if-match'] ?? 0) + 1;
          const res = await api.request(`/councils/chorley/plans/${plan}/actions/${action}`, {
            method: 'DELETE',
            token: admin,
            headers: { 'if-match': header },
          });
          await expectRefused(res);
        },
      ),
      { numRuns: RUNS },
    );
    expect(
      (await (await api.request(`/councils/chorley/plans/${plan}/actions`, { token: admin })).json()).actions,
    ).toHaveLength(1);
  });
});
