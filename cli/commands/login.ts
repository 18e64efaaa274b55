/**
 * `plans login` / `plans logout`: keep a token for one API in the user's config folder, so scheduled
 * syncs need neither a token on their command line (process lists show it) nor in their environment.
 */
import type { Command } from 'commander';
import { configuredApi, DEFAULT_API } from '../api.js';
import { credentialsPath, forgetToken, originOf, storeToken } from '../credentials.js';
import { EXIT } from '../exit-codes.js';
import { CliError } from '../run.js';

interface LoginOptions {
  api?: string;
  tokenStdin?: boolean;
}

const WHERE_TOKENS_COME_FROM = `
Where a token comes from:
  locally          npx plans token --council C --role R   (the local server is its own issuer)
  Microsoft 365    your organisation's sign-in (Entra ID) gives the token; ask your IT team

The token is kept in ${credentialsPath().replace(/\\/g, '/')} (readable by you only),
for that API's origin only: it is never sent to any other API. PLANS_TOKEN, or --token, wins over it.`;

export function registerLogin(program: Command): void {
  program
    .command('login')
    .description('Keep a token for the plans API, so commands that talk to it need no --token or PLANS_TOKEN')
    .option('--api <url>', `the plans API the token is for (default: PLANS_API, then ${DEFAULT_API})`)
    .option(
      '--token-stdin',
      'read the token from standard input, e.g. `plans login --token-stdin < token.txt`',
    )
    .addHelpText('after', WHERE_TOKENS_COME_FROM)
    .action(async (options: LoginOptions) => {
      const api = configuredApi(options) ?? DEFAULT_API;
      const origin = originOf(api);
      const typed = options.tokenStdin || !process.stdin.isTTY;
      const token = checkedToken(typed ? await readAll() : await askHidden(`Token for ${origin}: `));
      const path = await storeToken(api, token);
      process.stdout.write(`Kept the token for ${origin} in ${path}${expiryOf(token)}\n`);
    });

  program
    .command('logout')
    .description('Forget the token `plans login` kept for the plans API')
    .option('--api <url>', `the plans API (default: PLANS_API, then ${DEFAULT_API})`)
    .action(async (options: { api?: string }) => {
      const origin = originOf(configuredApi(options) ?? DEFAULT_API);
      const forgotten = await forgetToken(origin);
      process.stdout.write(
        forgotten ? `Forgot the token for ${origin}\n` : `No token was kept for ${origin}\n`,
      );
    });
}

function checkedToken(text: string): string {
  const token = text.trim();
  if (token === '')
    throw new CliError('no token was given', { fix: 'paste the token, or pipe it in with --token-stdin' });
  if (/\s/.test(token))
    throw new CliError('a token is one word with no spaces or line breaks', {
      fix: 'give only the token, without "Bearer" or anything else',
    });
  return token;
}

/** ", valid until …" for a JWT (one already expired was refused, not kept to fail later). */
function expiryOf(token: string): string {
  const expiry = jwtExpiry(token);
  return expiry ? `, valid until ${shownTime(expiry)}` : '';
}

const shownTime = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function jwtExpiry(token: string): Date | null {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return null;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? new Date(exp * 1000) : null;
  } catch {
    return null;
  }
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** A prompt that does not echo: the token must not stay on the screen or in a terminal log. */
function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((done, fail) => {
    let text = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          return done(text);
        }
        if (character === '\u0003') {
          finish();
          return fail(new CliError('login stopped; nothing was kept', { exitCode: EXIT.STOPPED_BY_SIGINT }));
        }
        text = character === '\u007f' || character === '\b' ? text.slice(0, -1) : text + character;
      }
    };
    stdin.on('data', onData);
  });
}
