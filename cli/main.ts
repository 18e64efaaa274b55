/** The `plans` command: one program, one file per sub-command under cli/commands/. */
import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { runCli } from './run.js';

const program = new Command('plans')
  .description('Peer-challenge action plans: serve the API, read plan spreadsheets, sync workbooks, report.')
  .showHelpAfterError('(run with --help for usage)')
  // Before the commands are added: commander copies this setting into each sub-command as it is made.
  .exitOverride();

registerCommands(program);
await runCli(program, process.argv);
