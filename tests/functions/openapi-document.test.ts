/**
 * The OpenAPI document is part of the API's contract: the route groups are built on first use
 * (functions/route-groups.ts), and the document they make must stay what the app built at start
 * made, byte for byte. A route change that alters it on purpose updates the file with `vitest -u`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/app.js';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi('openapi-document');
});

afterAll(() => api.store.raw.destroy());

describe('the OpenAPI document', () => {
  it('when /openapi.json is the first request, then it is byte for byte the document the API has always served', async () => {
    const res = await api.request('/openapi.json');
    expect(res.status).toBe(200);
    await expect(await res.text()).toMatchFileSnapshot('__snapshots__/openapi-document.snap');
  });

  it('when a route has answered first, then /openapi.json is the same document', async () => {
    expect((await api.request('/health')).status).toBe(200);
    await expect(await (await api.request('/openapi.json')).text()).toMatchFileSnapshot(
      '__snapshots__/openapi-document.snap',
    );
  });
});
