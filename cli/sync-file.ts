/**
 * One sync of one plan workbook on disk with the central plan, lock and journal included: what
 * `plans sync FILE` does, and what a workbook kept in SharePoint or OneDrive, or many in a sync
 * list, are synced with. It prints nothing but warnings; the caller says what came of it.
 */
import { basename } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { PlansClient } from '../core/client.js';
import type { ColumnMap } from '../core/grid-mapping.js';
import { MAX_WORKBOOK_NAME } from '../core/sync-protocol.js';
import { type SyncResult, syncSheet } from '../core/sync-run.js';
import { explainApiError } from './api.js';
import { CliError } from './run.js';
import { openJournal, type WorkbookJournal } from './workbook-journal.js';
import { lockWorkbook } from './workbook-lock.js';
import { openPlanWorkbook, type PlanWorkbook } from './workbook-sync.js';
import { conflictLine, refusalLine } from './workbook-wording.js';

export interface PlanFileOptions {
  /** First sync only: a synced workbook says which council and plan it belongs to. */
  council?: string;
  plan?: string;
  sheet?: string;
  /** The officer's column mapping (--map), taken on the first sync only. */
  map?: ColumnMap;
  /** The API the user configured, if they did (recorded in a workbook adopted now). */
  configuredApi: string | null;
  /** A progress bar on a terminal (default); off where something else shows progress. */
  progress?: boolean;
  /**
   * Runs once the synced file is saved and before its journal is cleared: a workbook whose
   * home is elsewhere is put back there, and until that succeeds the journal stays, so the next
   * sync recognises what this one sent.
   */
  afterSave?: () => Promise<void>;
  /** The workbook's name as its owner knows it (default: the file's), sent for history. */
  workbookName?: string;
}

export interface SyncedFile {
  workbook: PlanWorkbook;
  summary: SyncResult;
}

export async function syncPlanFile(
  file: string,
  options: PlanFileOptions,
  client: PlansClient,
  api: string,
): Promise<SyncedFile> {
  // Taken before the workbook is read: a second sync must not read what the first is about to replace.
  const lock = await lockWorkbook(file);
  try {
    return await syncLocked(file, options, client, api);
  } finally {
    await lock.release();
  }
}

async function syncLocked(
  file: string,
  options: PlanFileOptions,
  client: PlansClient,
  api: string,
): Promise<SyncedFile> {
  const workbook = await openPlanWorkbook(file, {
    ...(options.council === undefined ? {} : { council: options.council }),
    ...(options.plan === undefined ? {} : { plan: options.plan }),
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
    ...(options.map === undefined ? {} : { map: options.map }),
    api: options.configuredApi,
  });
  if (workbook.meta.api !== null && !sameApi(workbook.meta.api, api)) {
    process.stderr.write(
      `plans: this workbook names the plans API ${shown(workbook.meta.api)}, but syncs with ${api} (from --api, PLANS_API or the default): a workbook never chooses where your token is sent\n`,
    );
  }
  const journal = await openJournal(file, workbook.meta);
  const name = workbookNameOf(options.workbookName ?? basename(file));
  const summary = await syncWorkbook(client, workbook, journal, options.progress ?? true, name).catch(
    async (error: unknown) => {
      // New rows' ids, and whatever did land, are kept even when the sync stops part way; the
      // journal stays too, so the next sync replays a request whose answer was lost.
      if (workbook.written) await workbook.save();
      return explainApiError(error, api);
    },
  );
  await workbook.save().catch((error: unknown) => {
    if (!(error instanceof CliError)) throw error;
    throw new CliError(
      `${error.message} (the plan already has what this sync sent, and the next sync brings it into the file without adding anything twice)`,
    );
  });
  await options.afterSave?.();
  await journal.clear();
  return { workbook, summary };
}

/** One line, as long as the API takes (core/sync-protocol.ts WorkbookName). */
function workbookNameOf(name: string): string {
  const line = name.replace(/\p{Cc}+/gu, ' ').trim() || 'workbook';
  return line.length > MAX_WORKBOOK_NAME ? `${line.slice(0, MAX_WORKBOOK_NAME - 1)}…` : line;
}

async function syncWorkbook(
  client: PlansClient,
  workbook: PlanWorkbook,
  journal: WorkbookJournal,
  progress: boolean,
  name: string,
): Promise<SyncResult> {
  const { council, plan } = workbook.meta;
  // A first sync interrupted after sending made the plan's actions itself: its journal finds them again.
  const resumes = (journal.earlier?.sent.length ?? 0) > 0;
  if (workbook.adopted && !resumes) await refuseIfPlanHasActions(client, workbook);
  const bar = progress ? progressBar() : null;
  try {
    return await syncSheet(
      workbook,
      {
        async sync(request) {
          // The name lets history say on behalf of which workbook a scheduled sync made a change.
          const reply = await client.sync(council, plan, { ...request, workbook: name });
          workbook.apiAnswered();
          return reply;
        },
      },
      { ...(bar ? { onProgress: bar.onProgress } : {}), journal },
    );
  } finally {
    bar?.stop();
  }
}

/** URLs that reach the same API: `http://127.0.0.1:8787/` and `http://127.0.0.1:8787`. */
function sameApi(a: string, b: string): boolean {
  const normal = (url: string) => {
    try {
      return new URL(url).href.replace(/\/+$/, '');
    } catch {
      return url.trim().replace(/\/+$/, '');
    }
  };
  return normal(a) === normal(b);
}

/** Text from a workbook, printed to a terminal: no control characters, not too long. */
function shown(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: exactly what must not reach a terminal
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/**
 * A workbook that never synced holds no ids, so every row would be added again beside the plan's
 * own: two copies of every action. It must start from the plan's own export instead.
 */
async function refuseIfPlanHasActions(client: PlansClient, workbook: PlanWorkbook): Promise<void> {
  const { council, plan } = workbook.meta;
  const { actions } = await client.listActions(council, plan);
  if (actions.length > 0) {
    throw new CliError(
      `plan ${plan} already has ${actions.length} actions and this workbook has never synced: export the plan with \`plans export\` and work in that file, or sync into an empty plan`,
    );
  }
}

/** A bar only where someone watches (a terminal) and only when the sync takes several requests. */
function progressBar() {
  let bar: SingleBar | null = null;
  return {
    onProgress(sent: number, total: number) {
      if (!bar && sent < total && process.stderr.isTTY) {
        bar = new SingleBar(
          { format: 'Syncing {bar} {value}/{total} changes', stream: process.stderr },
          Presets.shades_classic,
        );
        bar.start(total, sent);
      } else bar?.update(sent);
    },
    stop() {
      bar?.stop();
    },
  };
}

/** Whether a person must look: conflicts to settle or rows the plan refused. */
export function needsAPerson(summary: SyncResult): boolean {
  return summary.conflicts.length > 0 || summary.refused.length > 0;
}

/** The published JSON shape: scripts depend on it, so it is spelled out. */
export function syncJson({ workbook, summary }: SyncedFile) {
  return {
    pushed: summary.pushed,
    pulled: summary.pulled,
    conflicts: summary.conflicts.map((conflict) => ({
      ...conflict,
      ...workbook.placeOf(conflict.id, conflict.kind === 'deleted' ? 'action' : conflict.field),
    })),
    refused: summary.refused.map((refusal) => ({
      ...refusal,
      row: workbook.placeOf(refusal.id, 'action').row,
    })),
    cursor: summary.cursor,
  };
}

/** What the sync did, in lines for a person; `name` is what the workbook is called to them. */
export function describeSync({ workbook, summary }: SyncedFile, name: string = workbook.file): string[] {
  const lines = [
    `Synced ${name} with plan ${workbook.meta.plan}: pushed ${summary.pushed}, pulled ${summary.pulled}; cursor ${summary.cursor}`,
  ];
  if (workbook.adopted) {
    lines.push(
      `  first sync: sheet "${workbook.meta.sheet}" (headings on row ${workbook.meta.headerRow}) now has a hidden Id column`,
      // What each column was taken as: the officer sees the mapping the plan now syncs by.
      `  columns: ${workbook.columns
        .filter((c) => c.path !== null)
        .map((c) => `"${c.heading || 'blank'}" -> ${c.path}`)
        .join(', ')}`,
    );
  }
  for (const conflict of summary.conflicts) {
    const { row, column } = workbook.placeOf(
      conflict.id,
      conflict.kind === 'deleted' ? 'action' : conflict.field,
    );
    lines.push(`  ${conflictLine(conflict, row, column)}`);
  }
  for (const refusal of summary.refused) {
    const columnOf = (field: string) => workbook.placeOf(refusal.id, field).column;
    lines.push(`  ${refusalLine(refusal, workbook.placeOf(refusal.id, 'action').row, columnOf)}`);
  }
  for (const warning of summary.warnings ?? [])
    lines.push(`  row ${workbook.placeOf(warning.id, 'recommendations').row ?? '?'}: ${warning.message}`);
  for (const warning of workbook.warnings) lines.push(`  ${warning}`);
  return lines;
}
