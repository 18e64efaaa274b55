/**
 * Microsoft Graph, only as far as a plan workbook kept in SharePoint or OneDrive needs it: find
 * the file a sharing URL names, download it, and upload it back only if nobody saved it meanwhile.
 * docs/graph-double.md lists the Graph documentation each rule here follows.
 *
 * The token goes to the Graph host the user configured (PLANS_GRAPH_URL) and nowhere else: the
 * workbook URL is only ever encoded into a Graph path, and the pre-authenticated download address
 * Graph redirects to is fetched without it.
 */
export const DEFAULT_GRAPH = 'https://graph.microsoft.com';

/** Where a token for Graph comes from; called for each request, so a provider may refresh it. */
export type GraphTokenProvider = () => Promise<string>;

/** The file a sharing URL names, as Graph last described it. */
export interface DriveItem {
  driveId: string;
  itemId: string;
  /** The version the download is of; the upload is refused (412) if the file changed since. */
  eTag: string;
  name: string;
}

/** What Graph answered instead of doing it, with Graph's own code (`resourceModified`, `resourceLocked`…). */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** Graph could not be reached at all (a wrong PLANS_GRAPH_URL, no network). */
export class GraphUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`could not reach Microsoft Graph at ${url}`, { cause });
    this.name = 'GraphUnreachableError';
  }
}

/** Graph asked to wait longer than a run waits, or kept asking: the next run does it. */
export class GraphBusyError extends Error {
  constructor(readonly waitSeconds: number | null) {
    super(
      waitSeconds === null
        ? 'Microsoft Graph kept answering "too many requests" or "unavailable"'
        : `Microsoft Graph asked to wait ${waitSeconds} s`,
    );
    this.name = 'GraphBusyError';
  }
}

export interface GraphOptions {
  baseUrl: string;
  token: GraphTokenProvider;
  fetch?: typeof fetch;
  /** How long one Retry-After is honoured before the run gives up on the workbook. */
  maxWaitSeconds?: number;
  /** How many times one request is sent while Graph throttles it. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type GraphClient = ReturnType<typeof createGraphClient>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function createGraphClient(options: GraphOptions) {
  const base = `${options.baseUrl.replace(/\/+$/, '')}/v1.0`;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const maxWait = options.maxWaitSeconds ?? 120;
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise((done) => setTimeout(done, ms)));

  /** One request to Graph, sent again while Graph says 429 or 503, as long as it asks to wait. */
  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await options.token()}`);
      const res = await doFetch(`${base}${path}`, { ...init, headers, redirect: 'manual' }).catch(
        (error: unknown) => {
          throw new GraphUnreachableError(options.baseUrl, error);
        },
      );
      if (res.status !== 429 && res.status !== 503) return res;
      await res.body?.cancel();
      const asked = retryAfterSeconds(res.headers.get('retry-after'));
      if (asked !== null && asked > maxWait) throw new GraphBusyError(asked);
      if (attempt >= maxAttempts) throw new GraphBusyError(null);
      // No Retry-After: back off 1, 2, 4… seconds, as Graph's throttling guidance says.
      await sleep((asked ?? 2 ** (attempt - 1)) * 1000);
    }
  }

  async function failure(res: Response): Promise<GraphError> {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    const code = body?.error?.code ?? String(res.status);
    return new GraphError(res.status, code, body?.error?.message ?? `Graph answered ${res.status}`);
  }

  return {
    /** `GET /shares/u!{base64url(url)}/driveItem`: the file behind a SharePoint or OneDrive URL. */
    async resolve(url: string): Promise<DriveItem> {
      const res = await send(`/shares/${shareId(url)}/driveItem`);
      if (!res.ok) throw await failure(res);
      const item = (await res.json()) as {
        id?: string;
        eTag?: string;
        name?: string;
        file?: unknown;
        parentReference?: { driveId?: string };
      };
      const driveId = item.parentReference?.driveId;
      if (!item.id || !item.eTag || !driveId)
        throw new GraphError(
          res.status,
          'unexpectedAnswer',
          'Graph described the item without id, eTag or drive',
        );
      if (!item.file) throw new GraphError(res.status, 'notAFile', 'the URL names a folder, not a workbook');
      return { driveId, itemId: item.id, eTag: item.eTag, name: item.name ?? 'workbook.xlsx' };
    },

    /**
     * `GET /drives/{d}/items/{i}/content`: Graph answers 302 to a short-lived pre-authenticated
     * address, which is fetched without the token (it needs none, and it is not Graph's host).
     */
    async download(item: DriveItem): Promise<Uint8Array> {
      let res = await send(`${itemPath(item)}/content`);
      if (res.status >= 300 && res.status < 400) {
        const location = res.headers.get('location');
        await res.body?.cancel();
        if (!location)
          throw new GraphError(res.status, 'unexpectedAnswer', 'Graph redirected the download nowhere');
        res = await doFetch(location, { redirect: 'follow' }).catch((error: unknown) => {
          throw new GraphUnreachableError(new URL(location).origin, error);
        });
      }
      if (!res.ok) throw await failure(res);
      return new Uint8Array(await res.arrayBuffer());
    },

    /**
     * `PUT /drives/{d}/items/{i}/content` with `If-Match: {eTag}`: replaces the file only if it
     * is still the version that was downloaded. 412 (saved meanwhile) and 423 (locked, checked
     * out) come back as GraphError with Graph's code; the new eTag on success.
     */
    async upload(item: DriveItem, content: Uint8Array<ArrayBuffer>): Promise<string> {
      const res = await send(`${itemPath(item)}/content`, {
        method: 'PUT',
        headers: { 'if-match': item.eTag, 'content-type': XLSX },
        body: content,
      });
      if (!res.ok) throw await failure(res);
      return ((await res.json()) as { eTag: string }).eTag;
    },
  };
}

const itemPath = (item: DriveItem) =>
  `/drives/${encodeURIComponent(item.driveId)}/items/${encodeURIComponent(item.itemId)}`;

/** A sharing URL as Graph's shares API takes it: `u!` and the URL in unpadded base64url. */
export function shareId(url: string): string {
  return `u!${Buffer.from(url, 'utf8').toString('base64url')}`;
}

/** Retry-After as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}
