import type { Command } from 'commander';
import { DynamoDbLocalMissingError, JavaMissingError } from '../../functions/local/dynamodb-local.js';
import { startLocalServer } from '../../functions/local/server.js';
import { CliError } from '../run.js';
import { integerOption } from './options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the product locally: DynamoDB Local (data kept in the data folder), the API and the add-in',
    )
    .option('--port <port>', 'port to listen on', integerOption('--port'), 8787)
    .option('--data <dir>', 'folder for the database and the local token key', '.data')
    .action(async (options: { port: number; data: string }) => {
      process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
      let server: Awaited<ReturnType<typeof startLocalServer>>;
      try {
        server = await startLocalServer({ port: options.port, dataDir: options.data });
      } catch (error) {
        if (error instanceof JavaMissingError || error instanceof DynamoDbLocalMissingError)
          throw new CliError(error.message);
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new CliError(`port ${options.port} is already in use: stop the other server or pass --port`);
        }
        throw error;
      }
      process.stdout.write(
        [
          `Plans API listening on ${server.url}  (health: ${server.url}/health, API document: ${server.url}/openapi.json)`,
          `Data kept in ${options.data}/. Get a token with:`,
          `  npx plans token --council my-council --role admin --data ${options.data}`,
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
      await new Promise<void>((done) => {
        const stop = () => {
          process.stdout.write('Stopping…\n');
          server.stop().then(done, done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
