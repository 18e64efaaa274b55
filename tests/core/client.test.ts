import { describe, expect, it } from 'vitest';
import { ApiError, ApiReplyError, ApiUnreachableError, createPlansClient } from '../../core/client.js';
import { buildAction } from '../support/factories.js';

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

const PLAN = '01JD0000000000000000000000';

/** A fetch that answers each request with the next of `answers`, and counts the requests. */
function scripted(...answers: (() => Response)[]) {
  const sent: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(`${init?.method} ${String(input)}`);
    const answer = answers[Math.min(sent.length, answers.length) - 1];
    if (!answer) throw new Error('no answer scripted');
    return answer();
  }) as typeof globalThis.fetch;
  return { sent, fetch };
}

const problem =
  (status: number, type: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(
      JSON.stringify({
        type: `https://api.example/problems/${type}`,
        title: type,
        status,
        detail: `${type}.`,
      }),
      { status, headers: { 'content-type': 'application/problem+json', ...headers } },
    );
const syncReply = () =>
  new Response(JSON.stringify({ cursor: 3, applied: [], conflicts: [], refused: [], changes: [] }), {
    status: 200,
  });
const syncRequest = { cursor: 0, idempotencyKey: 'k-1', changes: [] };

describe('the API client reads every reply with its schema', () => {
  it('when a reply does not match its schema, then the call is refused, naming the field, and nothing of it is returned', async () => {
    const { fetch } = scripted(
      () => new Response(JSON.stringify({ plans: [{ id: PLAN, title: 42 }] }), { status: 200 }),
    );
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });

    const reply = client.listPlans('chorley');

    await expect(reply).rejects.toThrow(/^the server answered something this version does not understand/);
    const error = await reply.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiReplyError);
    expect((error as ApiReplyError).request).toBe('GET /councils/chorley/plans');
    expect((error as ApiReplyError).where).toMatch(/^plans\.0\.council /);
  });

  it("when a row's unknown column is headed __proto__, then the checked reply still holds its text", async () => {
    const row = {
      ...buildAction(),
      id: PLAN,
      version: 1,
      revision: 1,
      updatedAt: 'now',
      updatedBy: 'x',
      deleted: false,
      extra: JSON.parse('{"__proto__": "kept", "Notes": "too"}'),
    };
    const { fetch } = scripted(
      () => new Response(JSON.stringify({ cursor: 1, changes: [row] }), { status: 200 }),
    );
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });

    const { changes } = await client.changes('chorley', PLAN, 0);

    expect(Object.entries(changes[0]?.extra ?? {})).toEqual([
      ['__proto__', 'kept'],
      ['Notes', 'too'],
    ]);
  });

  it('when a row in a sync reply has a status this version does not know, then the reply is refused', async () => {
    const row = {
      ...buildAction(),
      status: 'Paused',
      id: PLAN,
      version: 1,
      revision: 1,
      updatedAt: 'now',
      updatedBy: 'x',
      deleted: false,
    };
    const reply = { cursor: 1, applied: [], conflicts: [], refused: [], changes: [row] };
    const { fetch } = scripted(() => new Response(JSON.stringify(reply), { status: 200 }));
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });

    const error = await client.sync('chorley', PLAN, syncRequest).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiReplyError);
    expect((error as ApiReplyError).where).toMatch(/^changes\.0\.status /);
  });

  it('when a success is not JSON at all (a proxy page), then it is refused the same way', async () => {
    const { fetch } = scripted(() => new Response('<html>Signed out</html>', { status: 200 }));
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });
    await expect(client.me()).rejects.toThrow(new ApiReplyError('GET /me', 'not JSON'));
  });

  it('when an error body is not a problem (a gateway answer), then it is read with RFC 9457 defaults', async () => {
    const { fetch } = scripted(
      () => new Response(JSON.stringify({ message: 'Forbidden' }), { status: 403, statusText: 'Forbidden' }),
    );
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });

    const error = (await client.me().catch((e: unknown) => e)) as ApiError;

    expect(error.problem).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'the API answered 403',
      message: 'Forbidden',
    });
  });
});

describe('the API client sends a request again when the problem type says it will pass', () => {
  it('when a sync is still being applied (409 sync-in-progress), then it is sent again under the same key', async () => {
    const { sent, fetch } = scripted(problem(409, 'sync-in-progress'), syncReply);
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });

    await expect(client.sync('chorley', PLAN, syncRequest)).resolves.toMatchObject({ cursor: 3 });
    expect(sent).toHaveLength(2);
  });

  it('when an action id already exists (409 already-exists), then the create is not sent again', async () => {
    const { sent, fetch } = scripted(problem(409, 'already-exists'), syncReply);
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });

    const error = (await client.createAction('chorley', PLAN, {}).catch((e: unknown) => e)) as ApiError;

    expect(error.problem.type).toBe('https://api.example/problems/already-exists');
    expect(sent).toHaveLength(1);
  });

  it('when the store is briefly out, then a write without an idempotency key is not sent again', async () => {
    const { sent, fetch } = scripted(problem(503, 'store-unavailable', { 'retry-after': '2' }), syncReply);
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });

    await expect(client.createAction('chorley', PLAN, {})).rejects.toBeInstanceOf(ApiError);
    expect(sent).toHaveLength(1);
  });
});

/** A 200 whose body is cut off after its first bytes, as when the server dies mid-answer. */
const cutOff = () =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"cursor":'));
        controller.error(new TypeError('terminated'));
      },
    }),
    { status: 200 },
  );

describe('the API client when the connection is cut while the answer arrives', () => {
  it("when a sync's answer is cut off, then it is sent again under the same key and the second answer is used", async () => {
    const { sent, fetch } = scripted(cutOff, syncReply);
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });

    await expect(client.sync('chorley', PLAN, syncRequest)).resolves.toMatchObject({ cursor: 3 });
    expect(sent).toHaveLength(2);
  });

  it("when a create's answer is cut off, then it is not sent again and the API is said to be unreachable", async () => {
    const { sent, fetch } = scripted(cutOff, syncReply);
    const client = createPlansClient({ baseUrl: 'https://api.example', token: 't', fetch });

    await expect(client.createAction('chorley', PLAN, {})).rejects.toBeInstanceOf(ApiUnreachableError);
    expect(sent).toHaveLength(1);
  });
});
