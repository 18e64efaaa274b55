/**
 * One `plans serve` per data folder. A lock file in the folder names the server's pid and its
 * DynamoDB Local's: a second server on a folder in use is refused, and a DynamoDB Local that a
 * killed server left running on the folder is found and stopped before a new one is started.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { canInspect, commandLine, dynamoDbLocalsOn, isAlive, stopProcess } from './processes.js';

export const LOCK_FILE = 'plans-serve.lock';

interface LockContent {
  pid: number;
  dynamoPid: number | null;
  startedAt: string;
}

export interface DataLock {
  /** Records the DynamoDB Local this server started, so the next server can find it if this one dies. */
  recordDynamoDb(pid: number): void;
  release(): void;
}

/** Another server holds the folder, or a process on it could not be identified: one line to act on. */
export class DataFolderInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFolderInUseError';
  }
}

/** Takes the folder for this process; dbPath is where its DynamoDB Local keeps the database. */
export async function lockDataFolder(dataDir: string, dbPath: string): Promise<DataLock> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const content: LockContent = { pid: process.pid, dynamoPid: null, startedAt: new Date().toISOString() };
  for (let attempt = 0; !tryCreate(file, content); attempt++) {
    if (attempt === 3)
      throw new DataFolderInUseError(`could not take ${file}: if no plans serve is running, delete it`);
    // An unreadable lock may be one another server is writing this very moment.
    const held = readLock(file) ?? (await sleep(200).then(() => readLock(file)));
    if (held && held.pid !== process.pid && isPlansServe(held.pid)) {
      throw new DataFolderInUseError(
        `${dataDir} is in use by another plans serve (pid ${held.pid}): stop it, or pass another --data`,
      );
    }
    // The server that held it is gone: what it left running on the folder goes too (below).
    if (held?.dynamoPid && isAlive(held.dynamoPid) && !canInspect()) {
      throw new DataFolderInUseError(
        `a DynamoDB Local (pid ${held.dynamoPid}) from an earlier plans serve may still be running on ${dataDir}: stop it, then start again`,
      );
    }
    // Only the stale lock read above: never one another server has just taken in its place.
    if (JSON.stringify(readLock(file)) === JSON.stringify(held)) rmSync(file, { force: true });
  }
  // Whether or not a lock was left (a server from before locks, a lock deleted by hand), no
  // DynamoDB Local may share the folder with the one this server starts.
  for (const pid of dynamoDbLocalsOn(dbPath)) await stopProcess(pid);
  return {
    recordDynamoDb(pid) {
      writeFileSync(file, JSON.stringify({ ...content, dynamoPid: pid }));
    },
    release() {
      if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

function tryCreate(file: string, content: LockContent): boolean {
  try {
    writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readLock(file: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number'
      ? ({ dynamoPid: null, startedAt: '', ...parsed } as LockContent)
      : null;
  } catch {
    return null;
  }
}

/** Alive, and (where the command line can be read) a `serve`: a reused pid is not a server. */
function isPlansServe(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const args = commandLine(pid);
  return args === null || args.includes('serve');
}
