import type { SyncReply, SyncRequest } from '../../core/sync-protocol.js';
import type { SyncTransport } from '../../core/sync-run.js';
import type { TestApi } from './app.js';

/** Sync through the in-process API, as the CLI and add-in do over HTTP. */
export function apiTransport(
  api: TestApi,
  token: string,
  council: string,
  plan: string,
): SyncTransport & { requests: SyncRequest[] } {
  const requests: SyncRequest[] = [];
  return {
    requests,
    async sync(request) {
      requests.push(request);
      const res = await api.request(`/councils/${council}/plans/${plan}/sync`, {
        method: 'POST',
        token,
        json: request,
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`sync answered ${res.status}: ${JSON.stringify(body)}`);
      return body as SyncReply;
    },
  };
}
