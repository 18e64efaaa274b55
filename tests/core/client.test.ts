import { describe, expect, it } from 'vitest';
import { ApiError, createPlansClient } from '../../core/client.js';

/** A fetch that records the bearer token of each request and answers from a script. */
function recordingFetch(answer: (token: string) => Response) {
  const seen: string[] = [];
  const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) => {
    const token = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '') ?? '';
    seen.push(token);
    return answer(token);
  }) as typeof globalThis.fetch;
  return { seen, fetch };
}

const ok = () => new Response(JSON.stringify({ plans: [] }), { status: 200 });
const refused = () =>
  new Response(
    JSON.stringify({ type: 'x', title: 'Sign-in needed', status: 401, detail: 'Sign in again.' }),
    {
      status: 401,
    },
  );

describe('the API client and its token provider', () => {
  it('when the provider renews its token between calls, then each request carries the token current at that moment', async () => {
    let n = 0;
    const { seen, fetch } = recordingFetch(ok);
    const client = createPlansClient({ baseUrl: 'https://api.example', token: () => `token-${++n}`, fetch });
    await client.listPlans('chorley');
    await client.listPlans('chorley');
    expect(seen).toEqual(['token-1', 'token-2']);
  });

  it('when a token is refused with 401, then the provider is asked once for a fresh one and the request sent again', async () => {
    const asked: (boolean | undefined)[] = [];
    const { seen, fetch } = recordingFetch((token) => (token === 'stale' ? refused() : ok()));
    const client = createPlansClient({
      baseUrl: 'https://api.example',
      token: (options) => {
        asked.push(options?.forceRefresh);
        return options?.forceRefresh ? 'fresh' : 'stale';
      },
      fetch,
    });
    await expect(client.listPlans('chorley')).resolves.toEqual([]);
    expect(seen).toEqual(['stale', 'fresh']);
    expect(asked).toEqual([undefined, true]);
  });

  it('when even the fresh token is refused, then the 401 reaches the caller (no loop)', async () => {
    const { seen, fetch } = recordingFetch(refused);
    const client = createPlansClient({ baseUrl: 'https://api.example', token: async () => 'bad', fetch });
    await expect(client.listPlans('chorley')).rejects.toBeInstanceOf(ApiError);
    expect(seen).toHaveLength(2);
  });

  it('when the token is a fixed string, then a 401 is not retried', async () => {
    const { seen, fetch } = recordingFetch(refused);
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 'fixed', fetch });
    await expect(client.listPlans('chorley')).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual(['fixed']);
  });
});
