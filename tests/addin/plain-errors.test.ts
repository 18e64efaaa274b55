import { describe, expect, it } from 'vitest';
import { plainError } from '../../addin/plain-errors.js';
import { ApiError, ApiReplyError, ApiUnreachableError, createPlansClient } from '../../core/client.js';

const API = 'http://127.0.0.1:8787';

const answering = (status: number, body: unknown) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof globalThis.fetch;

describe("the pane's words for API failures", () => {
  it('when the server refuses, then the problem detail is what the officer reads', async () => {
    const fetch = answering(403, { title: 'Forbidden', status: 403, detail: 'You can see only Resources.' });
    const client = createPlansClient({ baseUrl: API, token: 't', fetch });

    const error = await client.summary('c').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(plainError(error, API).message).toBe('You can see only Resources.');
  });

  it('when the service cannot be reached, then it says so in plain words', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const client = createPlansClient({ baseUrl: API, token: 't', fetch, retryForMs: 0 });

    const error = await client.summary('c').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiUnreachableError);
    expect(plainError(error, API).message).toContain("Can't reach the plans service");
  });

  it('when the service answers something the add-in does not understand, then the officer is told who can fix it', () => {
    const error = new ApiReplyError('GET /me', 'role Invalid option');
    expect(plainError(error, API).message).toBe(
      'The plans service answered something this add-in does not understand: one of them may need updating. Tell your policy team.',
    );
  });
});
