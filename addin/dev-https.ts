/**
 * `npm run addin:https`: the add-in over HTTPS on https://localhost:3000, for sideloading into
 * Excel (Office loads add-ins only over HTTPS; `plans serve` is HTTP on 8787). It serves the built
 * add-in (dist/addin) at /addin/ and passes every other path to the plans API, so the task pane
 * and the API share one origin and config.json can leave apiUrl empty.
 *
 * Certificates: `npx office-addin-dev-certs install` makes a localhost certificate (and trusts its
 * CA) in ~/.office-addin-dev-certs; this server uses it. Options: --port 3000,
 * --api http://127.0.0.1:8787, --dir dist/addin, --cert FILE --key FILE.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { homedir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export interface DevHttpsOptions {
  port: number;
  api: string;
  dir: string;
  cert: string;
  key: string;
}

const CERT_DIR = join(homedir(), '.office-addin-dev-certs');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function parseDevHttpsArgs(argv: string[]): DevHttpsOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '3000' },
      api: { type: 'string', default: 'http://127.0.0.1:8787' },
      dir: { type: 'string', default: 'dist/addin' },
      cert: { type: 'string', default: join(CERT_DIR, 'localhost.crt') },
      key: { type: 'string', default: join(CERT_DIR, 'localhost.key') },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535)
    throw new Error(`--port must be a port number; got ${values.port}`);
  return { port, api: values.api, dir: resolve(values.dir), cert: values.cert, key: values.key };
}

/** The file under dir for a /addin/ path, or null when it is not one (or tries to climb out). */
export function addinFile(dir: string, path: string): string | null {
  if (!path.startsWith('/addin/') && path !== '/addin') return null;
  const relative = decodeURIComponent(path.replace(/^\/addin\/?/, '')) || 'taskpane.html';
  const file = normalize(join(dir, relative));
  if (file !== dir && !file.startsWith(dir + sep)) return null;
  return file;
}

function serveFile(file: string, response: ServerResponse): void {
  if (!existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
  });
  createReadStream(file).pipe(response);
}

function proxy(api: URL, incoming: IncomingMessage, response: ServerResponse): void {
  const upstream = httpRequest(
    {
      hostname: api.hostname,
      port: api.port,
      path: incoming.url,
      method: incoming.method,
      headers: { ...incoming.headers, host: api.host },
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    response.writeHead(502, { 'content-type': 'application/problem+json' }).end(
      JSON.stringify({
        type: 'about:blank',
        title: 'Bad gateway',
        status: 502,
        detail: `The plans API at ${api.origin} is not answering: start it with \`npm start\`.`,
      }),
    );
  });
  incoming.pipe(upstream);
}

export function startDevHttps(options: DevHttpsOptions): Promise<Server> {
  if (!existsSync(options.cert) || !existsSync(options.key)) {
    throw new Error(
      `No localhost certificate at ${options.cert}: run \`npx office-addin-dev-certs install\` first (it also trusts the certificate), or pass --cert and --key.`,
    );
  }
  if (!existsSync(join(options.dir, 'taskpane.html'))) {
    throw new Error(`No built add-in in ${options.dir}: run \`npm run addin:build\` first.`);
  }
  const api = new URL(options.api);
  const server = createServer(
    { cert: readFileSync(options.cert), key: readFileSync(options.key) },
    (incoming, response) => {
      const path = new URL(incoming.url ?? '/', 'https://localhost').pathname;
      const file = addinFile(options.dir, path);
      if (file) serveFile(file, response);
      else proxy(api, incoming, response);
    },
  );
  return new Promise((ready) => server.listen(options.port, 'localhost', () => ready(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const options = parseDevHttpsArgs(process.argv.slice(2));
    await startDevHttps(options);
    process.stdout.write(
      [
        `Add-in on https://localhost:${options.port}/addin/taskpane.html (from ${options.dir})`,
        `API paths passed to ${options.api}`,
        'Sideload addin/manifest.xml (see addin/README.md). Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
