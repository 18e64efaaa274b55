/** The API in-process (app.request), on a test table, with tokens minted by a throwaway issuer. */
import { createApp } from '../../functions/app.js';
import type { AuthConfig } from '../../functions/auth.js';
import { localAuthConfig, mintToken, type TokenRequest } from '../../functions/local/issuer.js';
import type { Store } from '../../functions/store/dynamodb.js';
import { issuerKeys } from './keys.js';
import { createTestStore } from './store.js';

export interface TestApi {
  store: Store;
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  token(request: TokenRequest): Promise<string>;
  /** fetch, answered by the app in-process: for the typed client. */
  fetch: typeof fetch;
}

/** `auth` replaces the local issuer (e.g. the Entra stand-in's settings); `token` still mints local tokens. */
export async function createTestApi(name = 'api', auth?: AuthConfig): Promise<TestApi> {
  const store = await createTestStore(name);
  const keys = await issuerKeys();
  const app = createApp({
    store,
    auth: auth ?? localAuthConfig(keys),
    corsOrigins: ['https://addin.example.org'],
  });
  return {
    store,
    token: (request) => mintToken(keys, request),
    fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
      Promise.resolve(app.request(input instanceof Request ? input : String(input), init))) as typeof fetch,
    request(path, { token, json, headers, ...init } = {}) {
      const h = new Headers(headers);
      if (token) h.set('authorization', `Bearer ${token}`);
      if (json !== undefined) h.set('content-type', 'application/json');
      return Promise.resolve(
        app.request(path, {
          ...init,
          headers: h,
          ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
        }),
      );
    },
  };
}
