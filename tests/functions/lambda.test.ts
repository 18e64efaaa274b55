/** The API as the Lambda runs it (hono/aws-lambda's handle), for what API Gateway and Lambda impose. */
import { gunzipSync } from 'node:zlib';
import { handle } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app.js';
import { localAuthConfig, mintToken } from '../../functions/local/issuer.js';
import { commitCreatesInBulk } from '../../functions/store/bulk-create.js';
import { createPlan } from '../../functions/store/plans.js';
import { buildCreate } from '../support/factories.js';
import { issuerKeys } from '../support/keys.js';
import { createTestStore } from '../support/store.js';

/** Lambda's limit on what a function may answer. */
const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;
const ROWS = 3_000;

let handler: ReturnType<typeof handle>;
let token: string;
let plan: string;

beforeAll(async () => {
  const store = await createTestStore('lambda');
  const keys = await issuerKeys();
  handler = handle(createApp({ store, auth: localAuthConfig(keys) }));
  token = await mintToken(keys, { council: 'chorley', role: 'policy', name: 'Pat Policy' });
  const actor = { by: 'Importer', at: new Date().toISOString() };
  plan = (await createPlan(store, 'chorley', { title: 'Large' }, actor)).id;
  // Long progress notes, as officers write them: about 2 KB a row.
  const note = 'Update to CMT: consultation with members complete; report to Cabinet in the spring. '.repeat(
    24,
  );
  const writes = Array.from({ length: ROWS }, (_, i) =>
    buildCreate({ action: `Action ${i}`, progress: note }),
  );
  await commitCreatesInBulk(store, { council: 'chorley', plan }, writes, actor);
}, 60_000);

function event(path: string, headers: Record<string, string>) {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.org', authorization: `Bearer ${token}`, ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'test',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
}

type Result = { statusCode: number; body: string; isBase64Encoded: boolean; headers: Record<string, string> };

async function invoke(path: string, headers: Record<string, string> = {}): Promise<Result> {
  return (await handler(event(path, headers) as never, {} as never)) as unknown as Result;
}

describe('the API behind Lambda', () => {
  it('when a client that accepts gzip pulls a large plan, then the answer fits Lambda many times over and unpacks whole', async () => {
    const result = await invoke(`/councils/chorley/plans/${plan}/actions`, {
      'accept-encoding': 'gzip, deflate',
    });
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-encoding']).toBe('gzip');
    expect(result.isBase64Encoded).toBe(true);
    expect(result.body.length).toBeLessThan(LAMBDA_RESPONSE_LIMIT / 10);
    const json = JSON.parse(gunzipSync(Buffer.from(result.body, 'base64')).toString('utf8'));
    expect(json.actions).toHaveLength(ROWS);
    expect(JSON.stringify(json).length).toBeGreaterThan(LAMBDA_RESPONSE_LIMIT);
  });

  it('when a client does not ask for gzip, then it gets plain JSON', async () => {
    const result = await invoke(`/councils/chorley/plans/${plan}`);
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-encoding']).toBeUndefined();
    expect(result.isBase64Encoded).toBe(false);
    expect(JSON.parse(result.body).id).toBe(plan);
  });

  it('when a request fails, then the problem comes back readable, compressed or not', async () => {
    const result = await invoke('/councils/other/plans', { 'accept-encoding': 'gzip' });
    expect(result.statusCode).toBe(404);
    const body = result.isBase64Encoded
      ? gunzipSync(Buffer.from(result.body, 'base64')).toString('utf8')
      : result.body;
    expect(JSON.parse(body)).toMatchObject({ status: 404 });
  });
});
