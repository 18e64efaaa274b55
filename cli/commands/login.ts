/**
 * `plans login` / `plans logout`: keep a token for one API in the user's config folder, so scheduled
 * syncs need neither a token on their command line (process lists show it) nor in their environment.
 */
import { rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { configuredApi, DEFAULT_API } from '../api.js';
import { credentialsPath, forgetToken, originOf, storedMicrosoftLogin, storeToken } from '../credentials.js';
import { EXIT } from '../exit-codes.js';
import { graphScope } from '../graph-config.js';
import {
  deviceCodeLogin,
  type MicrosoftLogin,
  type MsalOptions,
  microsoftTokenProvider,
  msalCachePath,
  personTokenFor,
} from '../microsoft.js';
import { CliError } from '../run.js';
import { collect } from './options.js';

interface LoginOptions {
  api?: string;
  tokenStdin?: boolean;
  tenant?: string;
  clientId?: string;
  scope: string[];
  application?: boolean;
  graph?: boolean;
}

const WHERE_TOKENS_COME_FROM = `
Where a token comes from:
  locally          npx plans token --council C --role R   (the local server is its own issuer)
  Microsoft 365    plans login --api URL --tenant T --client-id C --scope api://…/access_as_user
                   (a code to enter at microsoft.com/devicelogin; renewed before every call)
                   add --graph for \`plans sync\` of SharePoint or OneDrive workbooks as you
                   (Microsoft Graph, delegated Files.ReadWrite.All: your own files' rights)
  a scheduled job  plans login --api URL --tenant T --client-id C --scope api://…/.default --application
                   (client credentials; the secret is read from PLANS_CLIENT_SECRET on every run, never kept)

The token is kept in ${credentialsPath().replace(/\\/g, '/')} (readable by you only),
for that API's origin only: it is never sent to any other API. PLANS_TOKEN, or --token, wins over it.`;

export function registerLogin(program: Command, msal: MsalOptions = {}): void {
  program
    .command('login')
    .description('Keep a token for the plans API, so commands that talk to it need no --token or PLANS_TOKEN')
    .option('--api <url>', `the plans API the token is for (default: PLANS_API, then ${DEFAULT_API})`)
    .option(
      '--token-stdin',
      'read the token from standard input, e.g. `plans login --token-stdin < token.txt`',
    )
    .option('--tenant <id>', 'sign in with Microsoft Entra ID: the directory (tenant) id')
    .option('--client-id <id>', "with --tenant: the plans CLI's app registration (client) id")
    .option('--scope <scope>', "with --tenant: the API's scope (repeat for more)", collect, [])
    .option(
      '--application',
      'with --tenant: as the application itself (client credentials, PLANS_CLIENT_SECRET)',
    )
    .option(
      '--graph',
      'with --tenant: consent to Microsoft Graph too, so `plans sync URL` reaches your SharePoint and OneDrive workbooks as you',
    )
    .addHelpText('after', WHERE_TOKENS_COME_FROM)
    .action(async (options: LoginOptions) => {
      const api = configuredApi(options) ?? DEFAULT_API;
      const origin = originOf(api);
      if (options.tenant || options.clientId) {
        await microsoftLogin(api, options, msal);
        return;
      }
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
      const microsoft = storedMicrosoftLogin(origin);
      const forgotten = await forgetToken(origin);
      // The refresh token goes with it (MSAL's cache holds nothing else worth keeping).
      if (microsoft) await rm(msalCachePath(), { force: true });
      process.stdout.write(
        forgotten ? `Forgot the token for ${origin}\n` : `No token was kept for ${origin}\n`,
      );
    });
}

async function microsoftLogin(api: string, options: LoginOptions, msal: MsalOptions): Promise<void> {
  if (!options.tenant || !options.clientId || options.scope.length === 0)
    throw new CliError('Microsoft sign-in needs --tenant, --client-id and --scope together', {
      fix: 'your IT team has the three values (infra/README.md, "the CLI")',
    });
  const login = { tenant: options.tenant, clientId: options.clientId, scopes: options.scope };
  if (options.application && options.graph)
    throw new CliError('--graph is for a person; the application gets its Graph token by itself', {
      fix: 'leave out --graph, and grant the app Sites.Selected on the site (infra/README.md)',
    });
  if (options.application) {
    const kept = { ...login, kind: 'application' as const };
    // Proves the secret and the app role work before anything is kept.
    await microsoftTokenProvider(kept, msal)({ forceRefresh: true });
    const path = await storeToken(api, { microsoft: kept });
    process.stdout.write(
      `Kept the application sign-in for ${originOf(api)} in ${path}; each run reads PLANS_CLIENT_SECRET\n`,
    );
    return;
  }
  const { login: kept } = await deviceCodeLogin(login, msal);
  if (options.graph) await consentToGraph(kept, msal);
  const path = await storeToken(api, { microsoft: kept });
  const graph = options.graph ? ', and for Microsoft Graph (Files.ReadWrite.All)' : '';
  process.stdout.write(
    `Signed in with Microsoft for ${originOf(api)}${graph}; kept in ${path} and ${msalCachePath()} (readable by you only)\n`,
  );
}

/**
 * Makes sure the sign-in also gives a Graph token. Entra gives a token for one resource per
 * request, so Graph is asked for on its own: silently with the refresh token just got, and when
 * Entra wants the person's consent first, with a second device code for the Graph scope only.
 */
async function consentToGraph(kept: MicrosoftLogin, msal: MsalOptions): Promise<void> {
  const scope = graphScope();
  const needsConsent = new CliError('Microsoft Graph needs consent');
  try {
    await personTokenFor(kept, [scope], () => needsConsent, msal)();
    return;
  } catch (error) {
    if (error !== needsConsent) throw error;
  }
  process.stderr.write('Microsoft Graph needs your consent too (your own SharePoint and OneDrive files):\n');
  const graph = await deviceCodeLogin(
    { tenant: kept.tenant, clientId: kept.clientId, scopes: [scope] },
    msal,
  );
  if (graph.login.account !== kept.account)
    throw new CliError('Microsoft Graph was consented to by a different person from the first sign-in', {
      fix: 'run `plans login … --graph` again and enter both codes as the same person',
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
