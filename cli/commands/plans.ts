/**
 * `plans list`, `plans plan new` and `plans plan set`: the council's plans, and a plan's title and
 * review dates (on site, feedback report, publication, check-in), which the committee report's
 * background is written from. Policy and admin users only, as the API says.
 */
import type { Command } from 'commander';
import type { PlanEntry } from '../../core/client.js';
import { CouncilId, IsoDate, type PlanInput, Ulid } from '../../core/plan.js';
import { longDate } from '../../core/report-period.js';
import { type ApiOptions, connect, explainApiError, TOKEN_OPTION_HELP } from '../api.js';
import { CliError } from '../run.js';
import type { Connect } from './report.js';

interface CouncilOptions extends ApiOptions {
  council: string;
  json?: boolean;
}

interface PlanDates {
  title?: string;
  reportReceived?: string;
  onSiteFrom?: string;
  onSiteTo?: string;
  published?: string;
  checkInHeld?: string;
}

type PlanSetOptions = CouncilOptions & PlanDates & { plan: string };

/** Each date option, the plan field it sets, and what --help says of it. */
const DATE_OPTIONS = [
  [
    '--report-received <date>',
    'reportReceived',
    'when the feedback report came (sets the 8-week and six-month deadlines)',
  ],
  ['--on-site-from <date>', 'onSiteFrom', 'first day the peer team was on site'],
  ['--on-site-to <date>', 'onSiteTo', 'last day the peer team was on site'],
  ['--published <date>', 'published', 'when the action plan was published'],
  ['--check-in-held <date>', 'checkInHeld', 'when the six-month check-in was held'],
] as const;

const FIELD: Record<Exclude<keyof PlanDates, 'title'>, keyof PlanInput> = {
  reportReceived: 'reportReceived',
  onSiteFrom: 'onSiteFrom',
  onSiteTo: 'onSiteTo',
  published: 'actionPlanPublished',
  checkInHeld: 'checkInHeld',
};

const apiOptions = (command: Command) =>
  command
    .option('--api <url>', 'the plans API (default: PLANS_API or http://127.0.0.1:8787)')
    .option('--token <token>', TOKEN_OPTION_HELP);

export function registerPlans(program: Command, connectTo: Connect = connect): void {
  apiOptions(
    program
      .command('list')
      .description("List the council's plans: id, title and review dates")
      .requiredOption('--council <council>', 'the council, e.g. chorley')
      .option('--json', 'print the plans as JSON'),
  ).action(async (options: CouncilOptions) => {
    checkCouncil(options.council);
    const { client, api } = connectTo(options);
    const plans = await client
      .listPlans(options.council)
      .catch((error: unknown) => explainApiError(error, api));
    if (options.json) process.stdout.write(`${JSON.stringify({ plans })}\n`);
    else process.stdout.write(describePlans(options.council, plans));
  });

  apiOptions(
    program
      .command('council')
      .description("Show the council's display name, or give it with --name (policy, admin): reports show it")
      .requiredOption('--council <council>', 'the council, e.g. chorley')
      .option('--name <name>', 'the display name, e.g. "Chorley Council"'),
  ).action(async (options: CouncilOptions & { name?: string }) => {
    checkCouncil(options.council);
    const { client, api } = connectTo(options);
    const council = await (options.name === undefined
      ? client.getCouncil(options.council)
      : client.nameCouncil(options.council, options.name)
    ).catch((error: unknown) => explainApiError(error, api));
    process.stdout.write(
      `${council.id}: ${council.name}${council.named ? '' : ' (no name given yet: set it with --name)'}\n`,
    );
  });

  const plan = program.command('plan').description("Start a plan, or set a plan's title and review dates");
  withDates(
    apiOptions(
      plan
        .command('new')
        .description('Start a plan (policy, admin); prints its id')
        .requiredOption('--council <council>', 'the council, e.g. chorley')
        .requiredOption('--title <title>', 'the plan title, e.g. "Corporate Peer Challenge 2019"')
        .option('--json', 'print the plan as JSON'),
    ),
  ).action(async (options: CouncilOptions & PlanDates) => {
    checkCouncil(options.council);
    const input = { title: options.title ?? '', ...datesOf(options) } as PlanInput;
    const { client, api } = connectTo(options);
    const created = await client
      .createPlan(options.council, input)
      .catch((error: unknown) => explainApiError(error, api));
    if (options.json) process.stdout.write(`${JSON.stringify(created)}\n`);
    else process.stdout.write(`${created.id}\n`);
  });
  withDates(
    apiOptions(
      plan
        .command('set')
        .description('Set a plan\'s title or review dates (policy, admin); "none" clears a date')
        .requiredOption('--council <council>', 'the council, e.g. chorley')
        .requiredOption('--plan <id>', 'the plan')
        .option('--title <title>', 'a new title')
        .option('--json', 'print the plan as JSON'),
    ),
  ).action(async (options: PlanSetOptions) => {
    checkCouncil(options.council);
    checkPlan(options.plan);
    const patch: Partial<PlanInput> = {
      ...(options.title === undefined ? {} : { title: options.title }),
      ...datesOf(options),
    };
    if (Object.keys(patch).length === 0)
      throw new CliError('nothing to set', { fix: 'give --title or a date, e.g. --published 2020-01-08' });
    const { client, api } = connectTo(options);
    const updated = await client
      .updatePlan(options.council, options.plan, patch)
      .catch((error: unknown) => explainApiError(error, api));
    if (options.json) process.stdout.write(`${JSON.stringify(updated)}\n`);
    else process.stdout.write(describePlans(options.council, [updated]));
  });
}

function withDates(command: Command): Command {
  for (const [flag, , help] of DATE_OPTIONS) command.option(flag, `${help}, YYYY-MM-DD`);
  return command;
}

/** The dates given, checked: YYYY-MM-DD, or "none" to clear one. */
function datesOf(options: PlanDates): Partial<PlanInput> {
  const patch: Partial<Record<keyof PlanInput, string | null>> = {};
  for (const [flag, key] of DATE_OPTIONS) {
    const value = options[key];
    if (value === undefined) continue;
    if (value === 'none') patch[FIELD[key]] = null;
    else if (IsoDate.safeParse(value).success) patch[FIELD[key]] = value;
    else
      throw new CliError(
        `${flag.split(' ')[0]} must be a real date written YYYY-MM-DD, or none (got "${value}")`,
      );
  }
  return patch as Partial<PlanInput>;
}

export function checkCouncil(council: string): void {
  if (!CouncilId.safeParse(council).success)
    throw new CliError(`--council must be lower-case letters, digits or dashes (got "${council}")`);
}

export function checkPlan(plan: string): void {
  if (!Ulid.safeParse(plan).success)
    throw new CliError(`--plan must be a plan id, 26 letters and digits (got "${plan}")`);
}

const dated = (label: string, date: string | null | undefined) =>
  date ? [`${label} ${longDate(date)}`] : [];

/** One block per plan: its id and title, then the dates it records. */
export function describePlans(
  council: string,
  plans: Pick<
    PlanEntry,
    | 'id'
    | 'title'
    | 'reportReceived'
    | 'onSiteFrom'
    | 'onSiteTo'
    | 'actionPlanPublished'
    | 'checkInHeld'
    | 'deadlines'
  >[],
): string {
  if (plans.length === 0)
    return `${council} has no plans yet: start one with \`plans plan new --council ${council} --title "…"\`\n`;
  return plans
    .map((p) => {
      const dates = [
        ...dated('on site from', p.onSiteFrom),
        ...dated('to', p.onSiteTo),
        ...dated('feedback report', p.reportReceived),
        ...dated('action plan due', p.deadlines?.actionPlanDue),
        ...dated('published', p.actionPlanPublished),
        ...dated('check-in due', p.deadlines?.sixMonthCheckIn),
        ...dated('check-in held', p.checkInHeld),
      ];
      return `${p.id}  ${p.title}\n  ${dates.length > 0 ? dates.join('; ') : 'no review dates recorded'}\n`;
    })
    .join('');
}
