import { describe, expect, it } from 'vitest';
import { plainError } from '../../addin/plain-errors.js';
import { fetchSummary, localIsoDate, summaryPath } from '../../addin/summary-client.js';
import { ApiError, ApiUnreachableError } from '../../core/client.js';
import { summaryOf } from './summary-fixtures.js';

const API = 'http://127.0.0.1:8787';

function answering(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('the summary fetch', () => {
  it('when asked for a council summary, then it GETs /councils/{council}/summary with asOf and the token', async () => {
    const { fetch, calls } = answering(200, summaryOf(3));

    const summary = await fetchSummary({ baseUrl: `${API}/`, token: 't0k', fetch }, 'west lancs', {
      asOf: '2026-06-01',
    });

    expect(summary.live).toBe(3);
    expect(calls[0]?.url).toBe(`${API}/councils/west%20lancs/summary?asOf=2026-06-01`);
    expect(new Headers(calls[0]?.init?.headers).get('authorization')).toBe('Bearer t0k');
    expect(summaryPath('c', { plan: 'P1', directorate: 'Place' })).toBe(
      '/councils/c/summary?plan=P1&directorate=Place',
    );
  });

  it('when the server refuses, then the problem detail is what the officer reads', async () => {
    const { fetch } = answering(403, {
      title: 'Forbidden',
      status: 403,
      detail: 'You can see only Resources.',
    });

    const error = await fetchSummary({ baseUrl: API, token: 't', fetch }, 'c').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(plainError(error, API).message).toBe('You can see only Resources.');
  });

  it('when the service cannot be reached, then it says so in plain words', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;

    const error = await fetchSummary({ baseUrl: API, token: 't', fetch, retryForMs: 0 }, 'c').catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ApiUnreachableError);
    expect(plainError(error, API).message).toContain("Can't reach the plans service");
  });

  it('when the answer is not a summary, then it is refused rather than half written', async () => {
    const { fetch } = answering(200, { hello: 'world' });
    await expect(fetchSummary({ baseUrl: API, token: 't', fetch }, 'c')).rejects.toThrow(/cannot read/);
  });

  it("the date sent is the officer's own calendar date", () => {
    expect(localIsoDate(new Date(2026, 5, 1, 0, 30))).toBe('2026-06-01');
  });
});
