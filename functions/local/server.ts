/** The local product: DynamoDB Local under the data folder, the API, and the built add-in, on one port. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from '../app.js';
import { createStoreClients } from '../store/client.js';
import { ensureTable } from '../store/table.js';
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
}

export interface LocalServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const dataDir = resolve(options.dataDir);
  const dynamo = options.dynamoEndpoint
    ? undefined
    : await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  const endpoint = options.dynamoEndpoint ?? (dynamo as RunningDynamoDb).endpoint;
  const tableName = options.tableName ?? LOCAL_TABLE;
  const store = createStoreClients(tableName, endpoint);
  await ensureTable(store.raw, tableName);
  const keys = await loadOrCreateIssuerKeys(dataDir);
  const url = `http://127.0.0.1:${options.port}`;
  const app = createApp({
    store,
    auth: localAuthConfig(keys),
    corsOrigins: [`https://localhost:${options.port}`, url, 'https://localhost:3000'],
  });
  const addinDir = options.addinDir ?? fileURLToPath(new URL('../../dist/addin', import.meta.url));
  if (existsSync(addinDir)) {
    app.use(
      '/addin/*',
      serveStatic({ root: addinDir, rewriteRequestPath: (p) => p.replace(/^\/addin/, '') }),
    );
  }
  const server: ServerType = await new Promise((ready) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, () => ready(s));
  });
  return {
    url,
    port: options.port,
    async stop() {
      await new Promise<void>((done) => server.close(() => done()));
      store.raw.destroy();
      await dynamo?.stop();
    },
  };
}
