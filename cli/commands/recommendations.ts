/**
 * `plans recommendations list|add|import`: the plan's register of the peer team's recommendations,
 * with their text, so the report can quote them and a link to a number the plan lacks is caught.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseCsv } from '../../core/csv.js';
import { Recommendation } from '../../core/plan.js';
import { type ApiOptions, connect, explainApiError, TOKEN_OPTION_HELP } from '../api.js';
import { CliError } from '../run.js';
import { checkCouncil, checkPlan } from './plans.js';
import type { Connect } from './report.js';

interface RegisterOptions extends ApiOptions {
  council: string;
  plan: string;
  code?: string;
  theme?: string;
  json?: boolean;
}

const planOptions = (command: Command) =>
  command
    .requiredOption('--council <council>', 'the council, e.g. chorley')
    .requiredOption('--plan <id>', 'the plan')
    .option('--api <url>', 'the plans API (default: PLANS_API or http://127.0.0.1:8787)')
    .option('--token <token>', TOKEN_OPTION_HELP);

export function registerRecommendations(program: Command, connectTo: Connect = connect): void {
  const register = program
    .command('recommendations')
    .description("The plan's register of the peer team's recommendations (policy, admin to change it)");

  planOptions(
    register.command('list').description("List the plan's recommendations").option('--json', 'as JSON'),
  ).action(async (options: RegisterOptions) => {
    checked(options);
    const { client, api } = connectTo(options);
    const plan = await client
      .getPlan(options.council, options.plan)
      .catch((error: unknown) => explainApiError(error, api));
    if (options.json) process.stdout.write(`${JSON.stringify({ recommendations: plan.recommendations })}\n`);
    else if (plan.recommendations.length === 0)
      process.stdout.write(
        `"${plan.title}" has no recommendations yet: add them with \`plans recommendations add\` or \`plans recommendations import\`\n`,
      );
    else process.stdout.write(plan.recommendations.map(line).join(''));
  });

  planOptions(
    register
      .command('add')
      .description('Add a recommendation, or rewrite the one with that number')
      .argument('<number>', 'its number as the plan writes it, e.g. 4 or CRD4')
      .argument('<text>', "the peer team's words")
      .option('--code <code>', 'another code the plan gives it, e.g. CRD4')
      .option('--theme <theme>', 'the theme it belongs to'),
  ).action(async (number: string, text: string, options: RegisterOptions) => {
    checked(options);
    const recommendation = parsed(
      { number, text, code: options.code ?? null, theme: options.theme ?? null },
      'it',
    );
    const { client, api } = connectTo(options);
    await client
      .addRecommendation(options.council, options.plan, recommendation)
      .catch((error: unknown) => explainApiError(error, api));
    process.stdout.write(line(recommendation));
  });

  planOptions(
    register
      .command('import')
      .description(
        'Add (or rewrite) recommendations from a CSV file with the headings Number, Text and optionally Code, Theme',
      )
      .argument('<file>', 'the CSV file'),
  ).action(async (file: string, options: RegisterOptions) => {
    checked(options);
    const recommendations = fromCsv(
      file,
      await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`could not read ${file} (${error.code ?? error.message})`, {
          fix: 'check the path',
        });
      }),
    );
    const { client, api } = connectTo(options);
    for (const recommendation of recommendations) {
      await client
        .addRecommendation(options.council, options.plan, recommendation)
        .catch((error: unknown) => explainApiError(error, api));
    }
    const n = recommendations.length;
    process.stdout.write(
      `Added ${n} ${n === 1 ? 'recommendation' : 'recommendations'} to the plan's register\n`,
    );
  });
}

function checked(options: RegisterOptions): void {
  checkCouncil(options.council);
  checkPlan(options.plan);
}

const line = (r: Recommendation) =>
  `${r.number}${r.code ? ` (${r.code})` : ''}: ${r.text.replace(/\s*\n\s*/g, ' / ')}\n`;

function parsed(input: unknown, where: string): Recommendation {
  const result = Recommendation.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new CliError(
    `${where}: the ${String(issue?.path[0] ?? 'value')} ${issue?.message ?? 'is not valid'}`,
  );
}

const HEADINGS: Record<string, keyof Recommendation> = {
  number: 'number',
  no: 'number',
  recommendation: 'text',
  text: 'text',
  'detail of comment': 'text',
  code: 'code',
  theme: 'theme',
};

/** Rows of Number, Text (or Recommendation, or Detail of comment), Code, Theme; blank rows skipped. */
export function fromCsv(file: string, text: string): Recommendation[] {
  const [header = [], ...rows] = parseCsv(text);
  const fields = header.map((h) => HEADINGS[h.trim().toLowerCase()] ?? null);
  if (!fields.includes('number') || !fields.includes('text'))
    throw new CliError(
      `${file} needs a Number and a Text column (it has ${header.join(', ') || 'no headings'})`,
      {
        fix: 'put the headings Number, Text (and optionally Code, Theme) on the first row',
      },
    );
  return rows
    .map((cells, index) => ({ cells, row: index + 2 }))
    .filter(({ cells }) => cells.some((c) => c.trim() !== ''))
    .map(({ cells, row }) => {
      const values: Record<string, string | null> = { code: null, theme: null };
      fields.forEach((field, i) => {
        const value = (cells[i] ?? '').trim();
        if (field) values[field] = value === '' && (field === 'code' || field === 'theme') ? null : value;
      });
      return parsed(values, `${file} row ${row}`);
    });
}
