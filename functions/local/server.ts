/**
 * The local product: DynamoDB Local under the data folder, the API, and the built add-in, on one
 * port. The server owns its data folder while it runs, and leaves nothing running if it fails.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from '../app.js';
import type { AuthConfig } from '../auth.js';
import { connectStore } from '../store/dynamodb.js';
import { ensureTable } from '../store/table.js';
import { lockDataFolder } from './data-lock.js';
import { type RunningDynamoDb, startDynamoDbLocal } from './dynamodb-local.js';
import { loadOrCreateIssuerKeys, localAuthConfig } from './issuer.js';

export const LOCAL_TABLE = 'peer-challenge-plans';

export interface LocalServerOptions {
  port: number;
  dataDir: string;
  /** Where the built add-in is; served at /addin/ when present. */
  addinDir?: string;
  /** An already running DynamoDB (tests); otherwise DynamoDB Local is started under dataDir. */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Tokens from another issuer (AUTH_* as the Lambda reads them); the server's own when absent. */
  auth?: AuthConfig;
}

export class PortInUseError extends Error {
  constructor(port: number) {
    super(`port ${port} is in use; stop what uses it or pass --port`);
    this.name = 'PortInUseError';
  }
}

export interface LocalServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const dataDir = resolve(options.dataDir);
  const dbPath = join(dataDir, 'dynamodb');
  const lock = await lockDataFolder(dataDir, dbPath);
  let dynamo: RunningDynamoDb | undefined;
  let store: ReturnType<typeof connectStore> | undefined;
  try {
    // Before a JVM is started for nothing.
    await assertPortFree(options.port);
    if (!options.dynamoEndpoint) {
      dynamo = await startDynamoDbLocal({ dataDir: dbPath });
      lock.recordDynamoDb(dynamo.pid);
    }
    const endpoint = options.dynamoEndpoint ?? (dynamo as RunningDynamoDb).endpoint;
    const tableName = options.tableName ?? LOCAL_TABLE;
    store = connectStore(tableName, endpoint);
    await ensureTable(store.raw, tableName);
    const url = `http://127.0.0.1:${options.port}`;
    const app = createApp({
      store,
      auth: options.auth ?? localAuthConfig(await loadOrCreateIssuerKeys(dataDir)),
      corsOrigins: [`https://localhost:${options.port}`, url, 'https://localhost:3000'],
    });
    const addinDir = options.addinDir ?? fileURLToPath(new URL('../../dist/addin', import.meta.url));
    if (existsSync(addinDir)) {
      app.use(
        '/addin/*',
        serveStatic({ root: addinDir, rewriteRequestPath: (p) => p.replace(/^\/addin/, '') }),
      );
    }
    const server: ServerType = await new Promise((ready, fail) => {
      const s = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, () => ready(s));
      s.once('error', (error: NodeJS.ErrnoException) =>
        fail(error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error),
      );
    });
    const running = { store, dynamo };
    return {
      url,
      port: options.port,
      async stop() {
        await new Promise<void>((done) => server.close(() => done()));
        running.store.raw.destroy();
        await running.dynamo?.stop();
        lock.release();
      },
    };
  } catch (error) {
    store?.raw.destroy();
    await dynamo?.stop();
    lock.release();
    throw error;
  }
}

/** Listens once and lets go: a port in use is said in one line before anything is started. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()));
  });
}
