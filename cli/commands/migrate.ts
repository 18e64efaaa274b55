/**
 * `plans migrate derive-dates`: the one-off correction of rows stored before the server derived due
 * dates and milestones, for one plan or every plan of a council, one plan after another through
 * the per-plan route. A plan that fails is one line and does not stop the others; a rerun changes
 * nothing it already corrected.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { PlansClient } from '../../core/client.js';
import { type ApiOptions, apiErrorLine, connect, explainApiError, TOKEN_OPTION_HELP } from '../api.js';
import { EXIT } from '../exit-codes.js';
import { checkCouncil, checkPlan } from './plans.js';
import type { Connect } from './report.js';

interface MigrateOptions extends ApiOptions {
  council: string;
  plan?: string;
  json?: boolean;
}

/** One plan's outcome: how many rows were corrected, or why it failed. */
export type PlanMigration =
  | { plan: string; title: string | null; corrected: number; skipped: number }
  | { plan: string; title: string | null; error: string };

const HELP = `
Rows whose due date was empty, or whose milestones were not their timescale's, get the ones their
timescale gives, recorded in their history as a system change. Due dates typed by hand are kept.
Running it again changes nothing already corrected. Policy and admin users only.

Exit codes:
  ${EXIT.SYNCED}    every plan done
  ${EXIT.FAILED}    a plan failed (each is listed with its reason; the others were done), or the plans could not be listed`;

export function registerMigrate(program: Command, connectTo: Connect = connect): void {
  const migrate = program.command('migrate').description('One-off corrections of stored plans');
  migrate
    .command('derive-dates')
    .description(
      'Derive the due date and milestones of rows stored before the server did, for one plan or every plan of the council',
    )
    .requiredOption('--council <council>', 'the council, e.g. chorley')
    .option('--plan <id>', 'only this plan (default: every plan of the council, one after another)')
    .option('--json', "print every plan's outcome as one JSON object")
    .option('--api <url>', 'the plans API (default: PLANS_API or http://127.0.0.1:8787)')
    .option('--token <token>', TOKEN_OPTION_HELP)
    .addHelpText('after', HELP)
    .action(async (options: MigrateOptions) => {
      checkCouncil(options.council);
      if (options.plan !== undefined) checkPlan(options.plan);
      const { client, api } = connectTo(options);
      const plans =
        options.plan !== undefined
          ? [{ id: options.plan, title: null }]
          : await client.listPlans(options.council).catch((error: unknown) => explainApiError(error, api));
      const bar = progressBar(plans.length);
      const outcomes: PlanMigration[] = [];
      for (const plan of plans) {
        outcomes.push(await migratePlan(client, api, options.council, plan));
        bar?.update(outcomes.length);
      }
      bar?.stop();
      if (options.json) process.stdout.write(`${JSON.stringify(toJson(outcomes))}\n`);
      else process.stdout.write(describe(options.council, outcomes));
      process.exitCode = outcomes.some((o) => 'error' in o) ? EXIT.FAILED : EXIT.SYNCED;
    });
}

async function migratePlan(
  client: PlansClient,
  api: string,
  council: string,
  plan: { id: string; title: string | null },
): Promise<PlanMigration> {
  try {
    return { plan: plan.id, title: plan.title, ...(await client.deriveDates(council, plan.id)) };
  } catch (error) {
    const line = apiErrorLine(error, api);
    if (line === null) throw error;
    return { plan: plan.id, title: plan.title, error: line };
  }
}

/** Only where someone watches, and only when there is more than one plan to wait for. */
function progressBar(total: number): SingleBar | null {
  if (!process.stderr.isTTY || total < 2) return null;
  const bar = new SingleBar(
    { format: 'Deriving due dates {bar} {value}/{total} plans', stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

function counts(outcomes: PlanMigration[]) {
  const done = outcomes.filter((o) => !('error' in o)) as Extract<PlanMigration, { corrected: number }>[];
  return {
    plans: outcomes.length,
    done: done.length,
    failed: outcomes.length - done.length,
    corrected: done.reduce((sum, o) => sum + o.corrected, 0),
    skipped: done.reduce((sum, o) => sum + o.skipped, 0),
  };
}

/** The published JSON shape, spelled out for scripts. */
function toJson(outcomes: PlanMigration[]) {
  return { plans: outcomes, counts: counts(outcomes) };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A line per plan, then the summary a person reads. */
function describe(council: string, outcomes: PlanMigration[]): string {
  if (outcomes.length === 0) return `${council} has no plans: nothing to correct\n`;
  const lines = outcomes.map((o) => {
    const name = o.title === null ? o.plan : `${o.plan}  ${o.title}`;
    if ('error' in o) return `${name}: FAILED: ${o.error}`;
    const moved =
      o.skipped > 0 ? `; ${plural(o.skipped, 'row', 'rows')} changed meanwhile: run it again for them` : '';
    return `${name}: ${plural(o.corrected, 'row', 'rows')} corrected${moved}`;
  });
  const c = counts(outcomes);
  const failed = c.failed > 0 ? `, ${c.failed} failed (run it again for them once the reason is fixed)` : '';
  lines.push(
    '',
    `${plural(c.plans, 'plan', 'plans')}: ${c.done} done${failed}; ${plural(c.corrected, 'row', 'rows')} corrected`,
  );
  return `${lines.join('\n')}\n`;
}
