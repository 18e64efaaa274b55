import { describe, expect, it } from 'vitest';
import { ApiReplyError, createPlansClient, summaryPath } from '../../core/client.js';
import { summaryOf } from '../addin/summary-fixtures.js';

const API = 'http://127.0.0.1:8787';

function answering(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('the council summary through the API client', () => {
  it('when asked for a council summary, then it GETs /councils/{council}/summary with asOf and the token', async () => {
    const sent = summaryOf(3);
    const { fetch, calls } = answering(200, sent);
    const client = createPlansClient({ baseUrl: `${API}/`, token: 't0k', fetch });

    const summary = await client.summary('west lancs', { asOf: '2026-06-01' });

    expect(summary).toEqual(sent);
    expect(calls[0]?.url).toBe(`${API}/councils/west%20lancs/summary?asOf=2026-06-01`);
    expect(new Headers(calls[0]?.init?.headers).get('authorization')).toBe('Bearer t0k');
    expect(summaryPath('c', { plan: 'P1', directorate: 'Place' })).toBe(
      '/councils/c/summary?plan=P1&directorate=Place',
    );
  });

  it('when the answer is not a summary, then it is refused rather than half written', async () => {
    const { fetch } = answering(200, { ...summaryOf(3), byStatus: undefined });
    const client = createPlansClient({ baseUrl: API, token: 't', fetch });

    const error = await client.summary('c').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiReplyError);
    expect((error as Error).message).toBe(
      'the server answered something this version does not understand (GET /councils/c/summary: byStatus Invalid input: expected record, received undefined)',
    );
  });
});
