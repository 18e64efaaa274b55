/**
 * The sync journal of a workbook on disk (core/sync-journal.ts says what it holds), in a file
 * beside it: `.~plans-sync-Plan.xlsx.journal`. A workbook open in Excel cannot be saved, so the
 * ids of new rows and each request are kept here, durably, before the request goes out, and the
 * file is removed once the workbook holding the sync's result is saved.
 *
 * Lines of JSON: the first (written whole, then renamed into place) holds the owner, the new rows
 * and the earlier requests still worth replaying; each request is appended on a line of its own and
 * flushed to disk before it is sent, so a line cut short by a crash is one that was never sent.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { CouncilId, Ulid } from '../core/plan.js';
import { JournalRow, PendingSync, SentRequest, type SyncJournal } from '../core/sync-journal.js';
import { CliError } from './run.js';

const FORMAT = 'plans sync journal';

const Header = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  council: CouncilId,
  plan: Ulid,
  newRows: z.array(JournalRow),
  sent: z.array(SentRequest),
});

export const journalPath = (file: string) => join(dirname(file), `.~plans-sync-${basename(file)}.journal`);

export interface WorkbookJournal extends SyncJournal {
  readonly path: string;
  /** The workbook now holds everything the journal kept. */
  clear(): Promise<void>;
}

/** The journal of this workbook's sync with this plan; one left for another plan does not apply. */
export async function openJournal(
  file: string,
  owner: { council: string; plan: string },
): Promise<WorkbookJournal> {
  const path = journalPath(file);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new CliError(`${path} could not be read (${error.code}): make it readable and sync again`);
  });
  const earlier = text === null ? null : readJournal(text, path, owner);
  return {
    path,
    earlier,
    async begin(pending) {
      const header = { format: FORMAT, version: 1, ...owner, ...PendingSync.parse(pending) };
      const temporary = `${path}.${process.pid}.tmp`;
      await writeDurably(temporary, `${JSON.stringify(header)}\n`, 'w')
        .then(() => rename(temporary, path))
        .then(() => flushDirectory(dirname(path)))
        .catch(async (error: NodeJS.ErrnoException) => {
          await rm(temporary, { force: true });
          throw notWritten(path, error);
        });
    },
    async sent(entry) {
      await writeDurably(path, `${JSON.stringify(entry)}\n`, 'a').catch((error: NodeJS.ErrnoException) => {
        throw notWritten(path, error);
      });
    },
    async clear() {
      await rm(path, { force: true });
    },
  };
}

function readJournal(
  text: string,
  path: string,
  owner: { council: string; plan: string },
): PendingSync | null {
  const damaged = (why: string) =>
    new CliError(
      `${path} is damaged (${why}): it keeps what an interrupted sync sent; delete it and sync again (rows that sync added may then be added twice: check the plan)`,
    );
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return undefined;
    }
  });
  // A last line cut short: the crash came while it was written, so its request never went out.
  if (parsed.length > 1 && parsed.at(-1) === undefined) parsed.pop();
  const header = Header.safeParse(parsed[0]);
  if (!header.success) throw damaged('its first line is unreadable');
  if (header.data.council !== owner.council || header.data.plan !== owner.plan) return null;
  const sent = [...header.data.sent];
  for (const [index, line] of parsed.slice(1).entries()) {
    const entry = SentRequest.safeParse(line);
    if (!entry.success) throw damaged(`line ${index + 2} is unreadable`);
    sent.push(entry.data);
  }
  return { newRows: header.data.newRows, sent };
}

/** Nothing is sent unless it is on disk first. */
const notWritten = (path: string, error: NodeJS.ErrnoException) =>
  new CliError(
    `${path} could not be written (${error.code ?? error.message}): sync keeps it beside the workbook before sending anything; free some space or make the folder writable, and sync again`,
  );

async function writeDurably(path: string, text: string, flag: 'w' | 'a'): Promise<void> {
  const handle = await open(path, flag);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** So the rename itself survives a power cut; not every system can flush a folder (Windows). */
async function flushDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
