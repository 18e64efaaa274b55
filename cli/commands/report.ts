/**
 * `plans report`: the committee progress report ("Corporate Peer Challenge progress, 2nd Quarter
 * 2020/21") of one plan or of every plan of the council, as HTML to print or Markdown to paste.
 */
import { writeFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import type { PlansClient } from '../../core/client.js';
import { CouncilId, IsoDate, toIsoDate, Ulid } from '../../core/plan.js';
import { buildReport, type ReportInput, renderReportHtml, renderReportMarkdown } from '../../core/report.js';
import { type ApiOptions, connect, explainApiError, TOKEN_OPTION_HELP } from '../api.js';
import { CliError } from '../run.js';

interface ReportOptions extends ApiOptions {
  council: string;
  plan?: string;
  asOf?: string;
  format: 'html' | 'md';
  out?: string;
}

/** How a command reaches the API; tests hand in a client answered in-process. */
export type Connect = (options: ApiOptions) => { client: PlansClient; api: string };

export function registerReport(program: Command, connectTo: Connect = connect): void {
  program
    .command('report')
    .description('Write the committee progress report of a plan, or of every plan of the council')
    .requiredOption('--council <council>', 'the council, e.g. chorley')
    .option('--plan <id>', 'only this plan (default: every plan of the council, one section each)')
    .option('--as-of <date>', 'the date the report is as of, YYYY-MM-DD (default: today)')
    .addOption(
      new Option('--format <format>', 'html to print or publish, md to paste into a paper')
        .choices(['html', 'md'])
        .makeOptionMandatory(),
    )
    .option('--out <file>', 'write the report here (default: standard output)')
    .option('--api <url>', 'the plans API (default: PLANS_API or http://127.0.0.1:8787)')
    .option('--token <token>', TOKEN_OPTION_HELP)
    .action(async (options: ReportOptions) => {
      const asOf = checkedOptions(options);
      const { client, api } = connectTo(options);
      const input = await readReportInput(client, options.council, options.plan, asOf).catch(
        (error: unknown) => explainApiError(error, api),
      );
      const report = buildReport(input);
      const text = options.format === 'html' ? renderReportHtml(report) : renderReportMarkdown(report);
      if (!options.out) {
        process.stdout.write(text);
        return;
      }
      await writeFile(options.out, text, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(
          `could not write ${options.out} (${error.code ?? error.message}): check the folder exists`,
        );
      });
      process.stdout.write(
        `Wrote the ${report.period.label} report (${input.plans.length} ${input.plans.length === 1 ? 'plan' : 'plans'}) to ${options.out}\n`,
      );
    });
}

/** The as-of date, once every option is known to be well formed. */
function checkedOptions(options: ReportOptions): string {
  if (!CouncilId.safeParse(options.council).success)
    throw new CliError(`--council must be lower-case letters, digits or dashes (got "${options.council}")`);
  if (options.plan !== undefined && !Ulid.safeParse(options.plan).success)
    throw new CliError(`--plan must be a plan id, 26 letters and digits (got "${options.plan}")`);
  const asOf = options.asOf ?? toIsoDate(new Date());
  if (!IsoDate.safeParse(asOf).success)
    throw new CliError(`--as-of must be a real date written YYYY-MM-DD (got "${asOf}")`);
  return asOf;
}

/** One plan, or every plan of the council, each with its recommendations and live actions. */
export async function readReportInput(
  client: PlansClient,
  council: string,
  plan: string | undefined,
  asOf: string,
): Promise<ReportInput> {
  const ids = plan ? [plan] : (await client.listPlans(council)).map((p) => p.id);
  const plans = await Promise.all(ids.map((id) => client.getPlan(council, id)));
  const lists = await Promise.all(ids.map((id) => client.listActions(council, id)));
  const actions = lists.flatMap((list, i) => list.actions.map((a) => ({ ...a, plan: ids[i] as string })));
  const { name } = await client.getCouncil(council);
  return { council, councilName: name, plans, actions, asOf };
}
