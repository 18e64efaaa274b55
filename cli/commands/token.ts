import { type Command, Option } from 'commander';
import { CouncilId, ROLES, type Role } from '../../core/plan.js';
import { loadOrCreateIssuerKeys, mintToken } from '../../functions/local/issuer.js';
import { CliError } from '../run.js';
import { collect } from './options.js';

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('Print a bearer token for the local server (it is its own issuer)')
    .requiredOption('--council <council>', 'the council the token is for, e.g. chorley')
    .addOption(new Option('--role <role>', 'what the holder may do').choices(ROLES).makeOptionMandatory())
    .option('--directorate <name>', 'a directorate an officer may edit (repeat for more)', collect, [])
    .option('--name <name>', 'who the holder is, as the history will show it')
    .option('--expires <duration>', 'lifetime, e.g. 8h or 30m', '8h')
    .option('--data <dir>', 'the data folder of `plans serve`', '.data')
    .action(
      async (options: {
        council: string;
        role: Role;
        directorate: string[];
        name?: string;
        expires: string;
        data: string;
      }) => {
        if (!CouncilId.safeParse(options.council).success) {
          throw new CliError(
            `--council must be lower-case letters, digits or dashes (got "${options.council}")`,
          );
        }
        if (options.role === 'officer' && options.directorate.length === 0) {
          throw new CliError('an officer token needs at least one --directorate to edit');
        }
        const keys = await loadOrCreateIssuerKeys(options.data);
        const token = await mintToken(keys, {
          council: options.council,
          role: options.role,
          directorates: options.directorate,
          ...(options.name ? { name: options.name } : {}),
          expiresIn: options.expires,
        });
        process.stdout.write(`${token}\n`);
      },
    );
}
