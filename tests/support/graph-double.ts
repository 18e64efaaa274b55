/**
 * A local stand-in for Microsoft Graph, implementing exactly the calls `plans sync URL` makes, with
 * Graph's rules as docs/graph-double.md records them (and the Graph page each follows):
 *
 * - `GET /v1.0/shares/u!{base64url(url)}/driveItem`: the item a sharing URL names (id, eTag, name,
 *   file, parentReference.driveId); 404 itemNotFound for a URL it does not know.
 * - `GET /v1.0/drives/{d}/items/{i}/content`: 302 to a pre-authenticated download address, which
 *   needs no token (and is served whatever Authorization it carries, as Graph's is).
 * - `PUT /v1.0/drives/{d}/items/{i}/content`: replaces the content; every upload makes a new eTag;
 *   an `If-Match` that is not the current eTag (or cTag) is 412 resourceModified; an item marked
 *   locked (checked out, or open for editing elsewhere) is 423 resourceLocked.
 * - Any Graph call: 401 without the bearer token it was given; 429 (or 503) with Retry-After while
 *   a test has asked it to throttle.
 *
 * Tests reach into it to play the other side: an officer saving in "Excel" (save), a workbook
 * checked out (lock), a hook run as a download is answered (onDownload), and what it answered (log).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';

interface StoredItem {
  driveId: string;
  itemId: string;
  name: string;
  url: string;
  content: Uint8Array;
  version: number;
  locked: boolean;
}

export interface GraphDouble {
  /** The base URL to give as PLANS_GRAPH_URL. */
  readonly url: string;
  readonly token: string;
  /** A workbook at a SharePoint URL; returns the URL. */
  add(url: string, content: Uint8Array, name?: string): string;
  content(url: string): Uint8Array;
  eTag(url: string): string;
  /** Someone saving the workbook (Excel, the browser): new content, a new eTag, no If-Match. */
  save(url: string, content: Uint8Array): void;
  lock(url: string, locked?: boolean): void;
  /** The next `count` Graph calls answer `status` with Retry-After: `seconds`. */
  throttle(count: number, seconds: number | null, status?: 429 | 503): void;
  /** Runs when a download of that URL's content is answered, after the bytes are taken. */
  onDownload(url: string, hook: () => Promise<void>): void;
  /** Each answer: method, path kind and status, in order. */
  readonly log: { method: string; call: 'share' | 'content' | 'download'; status: number; url: string }[];
  close(): Promise<void>;
}

/**
 * `acceptToken`: how a bearer token is judged, when not by equality with `token` (e.g. an app-only
 * token from the Entra stand-in, checked as Graph checks one: signature, audience, roles).
 */
export async function startGraphDouble(
  options: { acceptToken?: (token: string) => Promise<boolean> } = {},
): Promise<GraphDouble> {
  const token = `graph-${randomUUID()}`;
  const items = new Map<string, StoredItem>();
  const byUrl = new Map<string, StoredItem>();
  const downloads = new Map<string, { item: StoredItem; content: Uint8Array }>();
  const hooks = new Map<string, () => Promise<void>>();
  const log: GraphDouble['log'] = [];
  let throttled: { count: number; seconds: number | null; status: 429 | 503 } = {
    count: 0,
    seconds: null,
    status: 429,
  };
  const eTagOf = (item: StoredItem) => `"{${item.itemId}},${item.version}"`;
  const cTagOf = (item: StoredItem) => `"c:{${item.itemId}},${item.version}"`;
  const describe = (item: StoredItem) => ({
    id: item.itemId,
    name: item.name,
    eTag: eTagOf(item),
    cTag: cTagOf(item),
    size: item.content.byteLength,
    webUrl: item.url,
    file: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    parentReference: { driveId: item.driveId, driveType: 'documentLibrary' },
  });
  const graphError = (code: string, message: string) => ({ error: { code, message } });

  const app = new Hono();
  app.use('/v1.0/*', async (c, next) => {
    const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const accepted = options.acceptToken ? await options.acceptToken(given) : given === token;
    if (!accepted) {
      return c.json(graphError('InvalidAuthenticationToken', 'Access token is empty or invalid.'), 401);
    }
    if (throttled.count > 0) {
      throttled.count--;
      if (throttled.seconds !== null) c.header('Retry-After', String(throttled.seconds));
      return c.json(graphError('activityLimitReached', 'The request has been throttled'), throttled.status);
    }
    await next();
  });
  app.get('/v1.0/shares/:shareId/driveItem', (c) => {
    const shareId = c.req.param('shareId');
    const url = shareId.startsWith('u!') ? Buffer.from(shareId.slice(2), 'base64url').toString('utf8') : '';
    const item = byUrl.get(url);
    log.push({ method: 'GET', call: 'share', status: item ? 200 : 404, url });
    if (!item)
      return c.json(
        graphError(
          'itemNotFound',
          'The sharing link no longer exists, or you do not have permission to access it.',
        ),
        404,
      );
    return c.json(describe(item));
  });
  app.get('/v1.0/drives/:driveId/items/:itemId/content', async (c) => {
    const item = items.get(c.req.param('itemId'));
    if (!item || item.driveId !== c.req.param('driveId'))
      return c.json(graphError('itemNotFound', 'Item not found'), 404);
    const key = randomUUID();
    downloads.set(key, { item, content: item.content });
    log.push({ method: 'GET', call: 'content', status: 302, url: item.url });
    return c.redirect(`${new URL(c.req.url).origin}/download/${key}`, 302);
  });
  // The pre-authenticated address: short-lived (one use here), no token needed.
  app.get('/download/:key', async (c) => {
    const download = downloads.get(c.req.param('key'));
    if (!download) return c.text('gone', 404);
    downloads.delete(c.req.param('key'));
    log.push({ method: 'GET', call: 'download', status: 200, url: download.item.url });
    const hook = hooks.get(download.item.url);
    if (hook) {
      hooks.delete(download.item.url);
      await hook();
    }
    return c.body(Buffer.from(download.content), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
  });
  app.put('/v1.0/drives/:driveId/items/:itemId/content', async (c) => {
    const item = items.get(c.req.param('itemId'));
    if (!item || item.driveId !== c.req.param('driveId'))
      return c.json(graphError('itemNotFound', 'Item not found'), 404);
    const answer = (status: number) => log.push({ method: 'PUT', call: 'content', status, url: item.url });
    if (item.locked) {
      answer(423);
      return c.json(graphError('resourceLocked', 'The resource you are attempting to access is locked'), 423);
    }
    const ifMatch = c.req.header('if-match');
    if (ifMatch !== undefined && ifMatch !== eTagOf(item) && ifMatch !== cTagOf(item)) {
      answer(412);
      return c.json(graphError('resourceModified', "ETag does not match current item's value"), 412);
    }
    item.content = new Uint8Array(await c.req.arrayBuffer());
    item.version++;
    answer(200);
    return c.json(describe(item));
  });

  const server: ServerType = await new Promise((started) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => started(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const find = (at: string) => {
    const item = byUrl.get(at);
    if (!item) throw new Error(`the Graph double holds no workbook at ${at}`);
    return item;
  };
  return {
    url,
    token,
    log,
    add(at, content, name = decodeURIComponent(at.split('/').at(-1) ?? 'workbook.xlsx')) {
      const item: StoredItem = {
        driveId: `b!${randomUUID()}`,
        itemId: randomUUID().replaceAll('-', '').toUpperCase(),
        name,
        url: at,
        content,
        version: 1,
        locked: false,
      };
      items.set(item.itemId, item);
      byUrl.set(at, item);
      return at;
    },
    content: (at) => find(at).content,
    eTag: (at) => eTagOf(find(at)),
    save(at, content) {
      const item = find(at);
      item.content = content;
      item.version++;
    },
    lock(at, locked = true) {
      find(at).locked = locked;
    },
    throttle(count, seconds, status = 429) {
      throttled = { count, seconds, status };
    },
    onDownload(at, hook) {
      hooks.set(at, hook);
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
