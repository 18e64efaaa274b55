/**
 * `plans people …`: who is in which directorates, assigned in the product (admins and policy), so
 * a move counts on the officer's next request instead of when their token is renewed. `plans whoami`
 * says who the API takes you for, and where each part came from.
 */
import type { Command } from 'commander';
import type { Me } from '../../core/client.js';
import type { Person } from '../../core/plan.js';
import { CouncilId } from '../../core/plan.js';
import { type ApiOptions, connect, explainApiError, TOKEN_OPTION_HELP } from '../api.js';
import { CliError } from '../run.js';
import { collect } from './options.js';
import type { Connect } from './report.js';

interface PeopleOptions extends ApiOptions {
  council: string;
}

const SOURCES = {
  council: { token: 'the token', tenant: 'your tenant', deployment: 'this deployment' },
  name: { people: 'the council’s people records', token: 'the token' },
  directorates: { people: 'the council’s people records', token: 'the token', none: 'nowhere: none' },
} as const;

export function whoamiLines(me: Me): string[] {
  return [
    `${me.name} (${me.kind === 'application' ? 'an application' : 'a person'}, id ${me.id})`,
    `council:      ${me.councilName} (${me.council}), from ${SOURCES.council[me.sources.council]}`,
    `role:         ${me.role}, from the token`,
    ...(me.role === 'officer'
      ? [
          `directorates: ${me.directorates.join(', ') || 'none'}, from ${SOURCES.directorates[me.sources.directorates]}`,
        ]
      : []),
  ];
}

const personLine = (p: Person) =>
  `${p.id}  ${p.name}: ${p.directorates.join(', ') || 'no directorate'}  (by ${p.updatedBy}, ${p.updatedAt.slice(0, 16).replace('T', ' ')} UTC)`;

function checkCouncil(council: string): void {
  if (!CouncilId.safeParse(council).success)
    throw new CliError(`--council must be lower-case letters, digits or dashes (got "${council}")`);
}

export function registerPeople(program: Command, connectTo: Connect = connect): void {
  const withApi = (command: Command) =>
    command
      .option('--api <url>', 'the plans API (default: PLANS_API or http://127.0.0.1:8787)')
      .option('--token <token>', TOKEN_OPTION_HELP);
  const run = async <T>(options: ApiOptions, work: (client: ReturnType<Connect>['client']) => Promise<T>) => {
    const { client, api } = connectTo(options);
    return work(client).catch((error: unknown) => explainApiError(error, api));
  };

  withApi(
    program.command('whoami').description('Who the plans API takes you for, and where each part came from'),
  ).action(async (options: ApiOptions) => {
    const me = await run(options, (client) => client.me());
    process.stdout.write(`${whoamiLines(me).join('\n')}\n`);
  });

  const people = program
    .command('people')
    .description("The council's people and their directorates (admin and policy)");

  withApi(people.command('list').description('Everyone assigned, with their directorates'))
    .requiredOption('--council <council>', 'the council, e.g. chorley')
    .action(async (options: PeopleOptions) => {
      checkCouncil(options.council);
      const list = await run(options, (client) => client.listPeople(options.council));
      process.stdout.write(
        list.length ? `${list.map(personLine).join('\n')}\n` : 'Nobody is assigned yet.\n',
      );
    });

  withApi(people.command('show <id>').description("One person's directorates and every change to them"))
    .requiredOption('--council <council>', 'the council, e.g. chorley')
    .action(async (id: string, options: PeopleOptions) => {
      checkCouncil(options.council);
      const person = await run(options, (client) => client.getPerson(options.council, id));
      const trail = person.history.map(
        (h) =>
          `  ${h.at.slice(0, 16).replace('T', ' ')} UTC  ${h.change} by ${h.by}: ${h.directorates.join(', ') || 'no directorate'}`,
      );
      process.stdout.write(`${[personLine(person), ...trail].join('\n')}\n`);
    });

  withApi(
    people
      .command('set <id>')
      .description(
        'Assign a person (their Entra object id) to directorates: it counts from their next request',
      ),
  )
    .requiredOption('--council <council>', 'the council, e.g. chorley')
    .requiredOption('--name <name>', 'the person, as history will show them')
    .option('--directorate <name>', 'a directorate they may edit (repeat for more)', collect, [])
    .action(async (id: string, options: PeopleOptions & { name: string; directorate: string[] }) => {
      checkCouncil(options.council);
      const person = await run(options, (client) =>
        client.putPerson(options.council, id, { name: options.name, directorates: options.directorate }),
      );
      process.stdout.write(`${personLine(person)}\n`);
    });

  withApi(
    people
      .command('remove <id>')
      .description("Remove a person's assignment: their token's directorates count again"),
  )
    .requiredOption('--council <council>', 'the council, e.g. chorley')
    .action(async (id: string, options: PeopleOptions) => {
      checkCouncil(options.council);
      await run(options, (client) => client.deletePerson(options.council, id));
      process.stdout.write(`Removed ${id}'s assignment; the directorates in their sign-in count again.\n`);
    });
}
