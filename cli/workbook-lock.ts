/**
 * One `plans sync` of a workbook at a time. Two at once would each send the same new rows under
 * ids of their own (two copies of every new row) and the last to save would win the file. The
 * lock is a file beside the workbook, `.~plans-sync-Plan.xlsx.lock`, created only if absent, holding
 * who holds it; one left by a sync that died (its process is gone) is taken over.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isAlive } from '../functions/local/processes.js';
import { EXIT } from './exit-codes.js';
import { CliError } from './run.js';

interface Holder {
  pid: number;
  host: string;
  since: string;
  /** Tells this lock from another taken by the same process (tests run syncs in one process). */
  token: string;
}

export interface WorkbookLock {
  release(): Promise<void>;
}

export const lockPath = (file: string) => join(dirname(file), `.~plans-sync-${basename(file)}.lock`);

/** A lock file still being written by its taker is given this long before it counts as left over. */
const UNREADABLE_GRACE_MS = 10_000;

export async function lockWorkbook(file: string): Promise<WorkbookLock> {
  const path = lockPath(file);
  const mine: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token: randomUUID(),
  };
  for (let attempt = 0; ; attempt++) {
    const taken = await writeFile(path, JSON.stringify(mine), { flag: 'wx' }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false;
        if (error.code === 'ENOENT')
          throw new CliError(`${file} not found: check the path and the file name`);
        throw new CliError(
          `could not take the sync lock ${path} (${error.code}): sync writes beside the workbook, so its folder must be writable`,
        );
      },
    );
    if (taken) return held(path, mine, file);
    const read = await readHolder(path);
    // Released between the two steps: try again, a few times.
    if (read === 'gone' && attempt < 10) continue;
    const holder = read === 'gone' ? null : read;
    if (attempt < 3 && (await isLeftOver(path, holder))) {
      await takeOver(path, holder);
      continue;
    }
    throw new CliError(
      `another plans sync of ${file} is running (${describe(holder)}); wait for it to finish`,
    );
  }
}

function describe(holder: Holder | null): string {
  if (!holder) return 'just starting';
  const since = new Date(holder.since).toLocaleString('en-GB');
  const host = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return `pid ${holder.pid}${host}, since ${since}`;
}

async function readHolder(path: string): Promise<Holder | null | 'gone'> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return 'gone' as const;
    throw error;
  });
  if (text === 'gone') return text;
  return parseHolder(text);
}

function parseHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.since === 'string' &&
      typeof value.token === 'string'
    )
      return value as Holder;
  } catch {
    // fall through: still being written, or damaged
  }
  return null;
}

/** Left by a sync that died: its process is gone. A lock from another computer is never judged. */
async function isLeftOver(path: string, holder: Holder | null): Promise<boolean> {
  if (!holder) {
    const info = await stat(path).catch(() => null);
    return info !== null && Date.now() - info.mtimeMs > UNREADABLE_GRACE_MS;
  }
  if (holder.host !== hostname()) return false;
  return !isAlive(holder.pid);
}

/**
 * Moves the left-over lock aside, then makes sure it was the one judged: another sync taking over
 * at the same moment may have put a live lock there meanwhile, which is put back.
 */
async function takeOver(path: string, judged: Holder | null): Promise<void> {
  const aside = `${path}.${process.pid}.${randomUUID()}`;
  const moved = await rename(path, aside).then(
    () => true,
    () => false,
  );
  if (!moved) return;
  const holder = parseHolder(await readFile(aside, 'utf8').catch(() => ''));
  if (holder?.token !== judged?.token) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

function held(path: string, mine: Holder, file: string): WorkbookLock {
  let released = false;
  const releaseNow = () => {
    if (released) return;
    released = true;
    process.off('exit', releaseNow);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    try {
      // Only this lock: never one another sync took after this one's was taken over.
      if (parseHolder(readFileSync(path, 'utf8'))?.token === mine.token) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    releaseNow();
    process.stderr.write(`plans: the sync of ${file} was stopped (${signal}); sync again to finish it\n`);
    process.exit(signal === 'SIGINT' ? EXIT.STOPPED_BY_SIGINT : EXIT.STOPPED_BY_SIGTERM);
  };
  process.once('exit', releaseNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return { release: async () => releaseNow() };
}
