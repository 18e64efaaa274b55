/** The `plans` command: one program, one file per sub-command under cli/commands/. */
import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerCommands } from './commands/index.js';
import { runCli } from './run.js';

const program = new Command('plans')
  .description('Peer-challenge action plans: serve the API, read plan spreadsheets, sync workbooks, report.')
  .version(packageJson.version, '-V, --version', 'print the version of plans')
  .showHelpAfterError('(run with --help for usage)')
  // Before the commands are added: commander copies this setting into each sub-command as it is made.
  .exitOverride();

await registerCommands(program, process.argv);
await runCli(program, process.argv);
