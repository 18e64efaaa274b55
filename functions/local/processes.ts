/**
 * What a local server, and a sync judging a workbook's lock, need to know of other processes: is a
 * pid alive, what is its command line (Linux's /proc; null elsewhere), and which DynamoDB Locals
 * keep their files in a folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** A process that has exited but whose parent has not yet collected it: gone, for our purposes. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** The process's arguments, or null where they cannot be read (no /proc, or the process is gone). */
export function commandLine(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** Whether /proc can tell what runs: Linux yes, macOS and Windows no. */
export const canInspect = () => commandLine(process.pid) !== null;

export function isDynamoDbLocalOn(args: string[] | null, dbPath: string): boolean {
  if (!args?.some((a) => a.endsWith('DynamoDBLocal.jar'))) return false;
  const at = args.indexOf('-dbPath');
  return at >= 0 && args[at + 1] === dbPath;
}

/** Every DynamoDB Local whose database is in dbPath (Linux only; elsewhere none can be found). */
export function dynamoDbLocalsOn(dbPath: string): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
  return pids.filter((pid) => pid !== process.pid && isDynamoDbLocalOn(commandLine(pid), dbPath));
}

/** SIGTERM, so DynamoDB Local closes its files; SIGKILL if it has not gone within the grace. */
export async function stopProcess(pid: number, graceMs = 5_000): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === graceMs) signal('SIGKILL');
    if (waited > graceMs + 5_000) throw new Error(`process ${pid} did not stop`);
    await sleep(100);
  }
}
