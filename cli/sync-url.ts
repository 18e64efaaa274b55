/**
 * One sync of a plan workbook kept in SharePoint or OneDrive: find it through Graph, download it
 * into this user's own folder, sync it as a file on disk, and upload it only if nobody saved it
 * meanwhile (If-Match). Someone who did (412) is not overwritten: their version is downloaded and
 * synced again, a few times at most. A locked or checked-out workbook (423) is left as it is and
 * the run says to try later. Until the upload lands, the sync's journal stays in that folder, so
 * a later run recognises the rows this one sent and adds nothing twice.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlansClient } from '../core/client.js';
import { EXIT } from './exit-codes.js';
import {
  type DriveItem,
  GraphBusyError,
  type GraphClient,
  GraphError,
  GraphUnreachableError,
} from './graph.js';
import { allowedWorkbookUrl, workFolder } from './graph-config.js';
import { CliError } from './run.js';
import { type PlanFileOptions, type SyncedFile, syncPlanFile } from './sync-file.js';
import { lockWorkbook } from './workbook-lock.js';

/** Downloads and syncs of one workbook in one run when others keep saving it (each a 412). */
export const MAX_ROUNDS = 3;

export interface SyncedUrl extends SyncedFile {
  url: string;
  /** How many times it was downloaded and synced: more than 1 when someone saved it meanwhile. */
  rounds: number;
}

export async function syncPlanUrl(
  where: string,
  options: Omit<PlanFileOptions, 'afterSave'>,
  client: PlansClient,
  api: string,
  graph: GraphClient,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SyncedUrl> {
  const url = allowedWorkbookUrl(where, env);
  for (let round = 1; ; round++) {
    try {
      const item = await graph.resolve(url);
      return { ...(await syncItem(url, item, options, client, api, graph, env)), url, rounds: round };
    } catch (error) {
      if (error instanceof GraphError && error.status === 412 && round < MAX_ROUNDS) continue;
      throw explainGraphError(error, url, round);
    }
  }
}

async function syncItem(
  url: string,
  item: DriveItem,
  options: Omit<PlanFileOptions, 'afterSave'>,
  client: PlansClient,
  api: string,
  graph: GraphClient,
  env: NodeJS.ProcessEnv,
): Promise<SyncedFile> {
  const folder = workFolder(item, env);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  // Download, sync and upload of one workbook at a time on this machine.
  const lock = await lockWorkbook(folder).catch((error: unknown) => {
    if (error instanceof CliError) throw new CliError(error.message.replace(folder, url));
    throw error;
  });
  try {
    const file = join(folder, 'workbook.xlsx');
    await writeFile(file, await graph.download(item), { mode: 0o600 });
    const upload = async () => {
      await graph.upload(item, await readFile(file));
    };
    const synced = await syncPlanFile(
      file,
      { ...options, afterSave: upload, workbookName: item.name },
      client,
      api,
    );
    // The council's workbook is back where it lives; no copy is kept here.
    await rm(file, { force: true });
    return synced;
  } finally {
    await lock.release();
  }
}

/** Said when a workbook was downloaded and synced more than once because someone saved it. */
export const savedMeanwhile = (rounds: number) =>
  `someone saved it while it synced: their version was synced too (${rounds} rounds)`;

/** A Graph failure as its cause and what to do; a lock, a conflict or throttling means "try later". */
export function explainGraphError(error: unknown, url: string, rounds = 1): unknown {
  const later = (message: string, fix: string) => new CliError(message, { fix, exitCode: EXIT.RETRY_LATER });
  if (error instanceof GraphBusyError)
    return later(`${error.message} while syncing ${url}`, 'the next run syncs it');
  if (error instanceof GraphUnreachableError)
    return new CliError(error.message, { fix: 'check PLANS_GRAPH_URL and the network' });
  if (!(error instanceof GraphError)) return error;
  switch (error.status) {
    case 412:
      return later(
        `${url} was saved by someone else during each of ${rounds} syncs`,
        'nothing is lost (the plan has what was sent); the next run syncs it again',
      );
    case 423:
      return later(
        `${url} is locked or checked out in SharePoint, so it was left as it is`,
        'the next run syncs it; check it in, or close it, to sync it sooner',
      );
    case 401:
      return new CliError('Microsoft Graph refused the token', {
        fix: 'give a current token of the sync application (PLANS_GRAPH_TOKEN)',
      });
    case 403:
      return new CliError(`the sync application may not read and write ${url}`, {
        fix: 'grant it that site (Sites.Selected with write) in Microsoft Entra',
      });
    case 404:
      return new CliError(`${url} was not found in SharePoint or OneDrive`, {
        fix: 'check the address, and that the sync application is granted its site',
      });
    default:
      return new CliError(`Microsoft Graph said of ${url}: ${error.message} (${error.code})`);
  }
}
