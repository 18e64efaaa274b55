/**
 * What every figure module is given: the run's DynamoDB Local, a token issuer, and a table per
 * section (dropped when the section ends, so one section's items do not slow the next).
 */
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from '../functions/local/dynamodb-local.js';
import type { loadOrCreateIssuerKeys } from '../functions/local/issuer.js';
import { mintToken } from '../functions/local/issuer.js';
import { type LocalServer, startLocalServer } from '../functions/local/server.js';
import { connectStore, type Store } from '../functions/store/dynamodb.js';
import { ensureTable } from '../functions/store/table.js';
import type { Figure, Target } from './stats.js';

export type IssuerKeys = Awaited<ReturnType<typeof loadOrCreateIssuerKeys>>;

export interface BenchEnv {
  /** The run's DynamoDB Local (in memory). */
  endpoint: string;
  /** A temporary folder for this run: issuer keys, generated workbooks, bundles. */
  dataDir: string;
  keys: IssuerKeys;
  /** Smaller sizes and fewer runs, for trying the benchmark out; never written as the results. */
  quick: boolean;
  log(message: string): void;
}

export interface SectionResult {
  status: 'ok' | 'pending' | 'failed';
  figures: Record<string, Figure>;
  targets: Target[];
  notes: string[];
}

export const emptySection = (): SectionResult => ({ status: 'ok', figures: {}, targets: [], notes: [] });

let tables = 0;

/** A fresh table on the run's DynamoDB Local, made as the server makes its own. */
export async function benchTable(env: BenchEnv, name: string): Promise<Store> {
  const tableName = `bench-${name}-${Date.now().toString(36)}-${tables++}`;
  const store = connectStore(tableName, env.endpoint);
  await ensureTable(store.raw, tableName);
  return store;
}

/** The local server as `plans serve` runs it (HTTP on loopback), on a table of its own. */
export async function benchServer(
  env: BenchEnv,
  name: string,
): Promise<{ server: LocalServer; store: Store }> {
  const tableName = `bench-${name}-${Date.now().toString(36)}`;
  const server = await startLocalServer({
    port: await freePort(),
    dataDir: env.dataDir,
    dynamoEndpoint: env.endpoint,
    tableName,
    addinDir: join(env.dataDir, 'no-addin'),
  });
  return { server, store: connectStore(tableName, env.endpoint) };
}

export async function dropTable(store: Store): Promise<void> {
  try {
    await store.raw.send(new DeleteTableCommand({ TableName: store.tableName }));
  } finally {
    store.raw.destroy();
  }
}

export function benchToken(env: BenchEnv, council: string): Promise<string> {
  return mintToken(env.keys, { council, role: 'policy', name: 'Benchmark', expiresIn: '2h' });
}

/** Milliseconds the function takes. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** A fetch answered by a Hono app in-process (no socket): what `app.request` gives. */
export function inProcessFetch(app: {
  request(input: RequestInfo | URL, init?: RequestInit): Response | Promise<Response>;
}): typeof fetch {
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    Promise.resolve(app.request(input instanceof Request ? input : String(input), init))) as typeof fetch;
}
