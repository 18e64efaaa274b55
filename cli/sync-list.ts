/**
 * A sync list: which workbooks `plans sync-all` syncs, and with which plan. YAML or JSON (JSON is
 * YAML), one entry per workbook, keyed by its path or its SharePoint/OneDrive address:
 *
 *   "https://chorley.sharepoint.com/sites/Policy/Shared Documents/Action plan.xlsx":
 *     council: chorley
 *     plan: 01JD3ZQ5X4W6N8Q0R2S4T6V8X0
 *   //fileserver/policy/Corporate plan.xlsx: { council: chorley, plan: 01JD…, sheet: Action plan }
 *
 * A relative path is taken from the list's own folder, so a list and its workbooks move together.
 * The list names workbooks and plans only: never an API, a Graph host or a token.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { CouncilId, Ulid } from '../core/plan.js';
import type { SyncListInput } from '../core/sync-run-log.js';
import { isWorkbookUrl } from './graph-config.js';
import { CliError } from './run.js';

export interface SyncListEntry {
  /** As the list wrote it: what the summary calls the workbook. */
  workbook: string;
  /** A path resolved from the list's folder, or the URL. */
  where: string;
  url: boolean;
  council: string;
  plan: string;
  sheet?: string;
}

const Entry = z.strictObject({ council: CouncilId, plan: Ulid, sheet: z.string().min(1).optional() });

/** The list the council keeps in the API (GET /councils/{c}/sync-list); its paths were made absolute when it was set. */
export function entriesFromApi(council: string, list: SyncListInput): SyncListEntry[] {
  return list.workbooks.map(({ workbook, plan, sheet }) => ({
    workbook,
    where: isWorkbookUrl(workbook) ? workbook : resolve(workbook),
    url: isWorkbookUrl(workbook),
    council,
    plan,
    ...(sheet === undefined ? {} : { sheet }),
  }));
}

/** A list file as the API keeps it: every workbook must be for this council. */
export function toApiList(entries: SyncListEntry[], council: string, file: string): SyncListInput {
  const other = entries.find((entry) => entry.council !== council);
  if (other)
    throw new CliError(`${file} lists "${other.workbook}" for council ${other.council}, not ${council}`, {
      fix: 'keep one list per council',
    });
  return {
    // A relative path is kept as the list file meant it: from the list's folder.
    workbooks: entries.map(({ workbook, where, url, plan, sheet }) => ({
      workbook: url ? workbook : where,
      plan,
      ...(sheet === undefined ? {} : { sheet }),
    })),
  };
}

export async function readSyncList(file: string): Promise<SyncListEntry[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      error.code === 'ENOENT' ? `${file} not found` : `${file} could not be read (${error.code})`,
      { fix: 'give the sync list (YAML or JSON) as plans sync-all LIST' },
    );
  });
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new CliError(`${file} is not YAML or JSON (${(error as Error).message.split('\n')[0]})`, {
      fix: 'each line names a workbook, then its council and plan (see plans sync-all --help)',
    });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new CliError(`${file} lists no workbooks`, {
      fix: 'write each workbook path or URL as a key, with its council and plan (see plans sync-all --help)',
    });
  const folder = dirname(resolve(file));
  return Object.entries(data).map(([workbook, value]) => {
    const entry = Entry.safeParse(value);
    if (!entry.success) {
      const issue = entry.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      throw new CliError(`${file}, workbook "${workbook}": ${where}${issue?.message ?? 'not readable'}`, {
        fix: 'give each workbook its council and plan (and, if need be, sheet), nothing else',
      });
    }
    const url = isWorkbookUrl(workbook);
    return {
      workbook,
      where: url ? workbook : resolve(folder, workbook),
      url,
      council: entry.data.council,
      plan: entry.data.plan,
      ...(entry.data.sheet === undefined ? {} : { sheet: entry.data.sheet }),
    };
  });
}
