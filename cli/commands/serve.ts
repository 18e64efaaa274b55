import type { Command } from 'commander';
import { readAuthEnv } from '../../functions/config.js';
import { DataFolderInUseError } from '../../functions/local/data-lock.js';
import {
  DynamoDbLocalError,
  DynamoDbLocalMissingError,
  JavaMissingError,
} from '../../functions/local/dynamodb-local.js';
import { PortInUseError, startLocalServer } from '../../functions/local/server.js';
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
      // AUTH_ISSUER and the rest, as the Lambda reads them: a real tenant, or a test issuer.
      let auth: ReturnType<typeof readAuthEnv>;
      try {
        auth = readAuthEnv();
      } catch (error) {
        throw new CliError((error as Error).message, {
          fix: 'set AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL together, or none of them',
        });
      }
      try {
        server = await startLocalServer({
          port: options.port,
          dataDir: options.data,
          ...(auth ? { auth } : {}),
        });
      } catch (error) {
        // Each of these is said in one line; startLocalServer has already stopped what it started.
        if (
          error instanceof JavaMissingError ||
          error instanceof DynamoDbLocalMissingError ||
          error instanceof PortInUseError ||
          error instanceof DataFolderInUseError ||
          error instanceof DynamoDbLocalError
        )
          throw new CliError(error.message);
        throw error;
      }
      const tokens = auth
        ? [`Data kept in ${options.data}/. Tokens are checked against ${auth.issuer} (AUTH_ISSUER).`]
        : [
            `Data kept in ${options.data}/. Get a token with:`,
            `  npx plans token --council my-council --role admin --data ${options.data}`,
          ];
      process.stdout.write(
        [
          `Plans API listening on ${server.url}  (health: ${server.url}/health, API document: ${server.url}/openapi.json)`,
          ...tokens,
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
