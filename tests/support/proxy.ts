/**
 * A pass-through HTTP proxy between `plans` and the server, for choosing the moment something
 * happens: hold a sync before the server sees it, or act after the server answered and before the
 * command gets the answer (kill it, open the workbook in "Excel").
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyHooks {
  /** Runs before a sync request is passed on; the request waits for it. */
  beforeSync?: (count: number) => Promise<void> | void;
  /** Runs once the server has answered a sync (so it has committed), before the answer is passed back. */
  afterSync?: (count: number) => Promise<void> | void;
}

export interface RunningProxy {
  url: string;
  /** The Authorization header of every request, in order (null when there was none). */
  authorizations: (string | null)[];
  stop(): Promise<void>;
}

export async function startProxy(target: string | null, hooks: ProxyHooks = {}): Promise<RunningProxy> {
  const authorizations: (string | null)[] = [];
  let syncs = 0;
  const server: Server = createServer(async (req, res) => {
    authorizations.push(req.headers.authorization ?? null);
    const body = await readAll(req);
    if (!target) {
      res.writeHead(404, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ title: 'Not Found', status: 404, detail: 'nothing here' }));
      return;
    }
    const isSync = req.method === 'POST' && (req.url ?? '').endsWith('/sync');
    const count = isSync ? ++syncs : 0;
    if (isSync) await hooks.beforeSync?.(count);
    const upstream = await forward(target, req, body);
    if (isSync) await hooks.afterSync?.(count);
    if (res.destroyed) return;
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  });
  server.on('clientError', (_, socket) => socket.destroy());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => done(Buffer.concat(chunks)));
    stream.on('error', fail);
  });
}

/** The bytes as the server sent them (gzip included), so the command reads what it would have. */
function forward(
  target: string,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
  return new Promise((done, fail) => {
    const url = new URL(req.url ?? '/', target);
    const out = httpRequest(
      url,
      { method: req.method, headers: { ...req.headers, host: url.host } },
      async (answer) => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers))
          if (value !== undefined) headers[name] = value;
        done({ status: answer.statusCode ?? 502, headers, body: await readAll(answer) });
      },
    );
    out.on('error', fail);
    out.end(body);
  });
}
