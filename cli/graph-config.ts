/**
 * Where a workbook in SharePoint or OneDrive is reached from, and with what: the Graph host and
 * its token come from the environment of the run (never from a workbook or a sync list), and a
 * workbook URL is taken only on a SharePoint or OneDrive host the council allows.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appCredentialFromEnv } from './app-credential-config.js';
import { credentialUrl } from './credential-url.js';
import { originOf, storedMicrosoftLogin } from './credentials.js';
import { createGraphClient, DEFAULT_GRAPH, type GraphClient, type GraphTokenProvider } from './graph.js';
import { type MicrosoftLogin, type MsalOptions, personTokenFor } from './microsoft.js';
import { CliError } from './run.js';

/**
 * Microsoft's own SharePoint and OneDrive hosts (commercial, US government, China and Germany
 * clouds): any tenant's. A council narrows it to its own with PLANS_SHAREPOINT_HOSTS, e.g.
 * `chorley.sharepoint.com,chorley-my.sharepoint.com`.
 */
const MICROSOFT_HOSTS = [
  '.sharepoint.com',
  '.sharepoint.us',
  '.sharepoint-mil.us',
  '.sharepoint.cn',
  '.sharepoint.de',
  '1drv.ms',
  'onedrive.live.com',
];

/** A workbook argument that is a URL rather than a path (a path never starts with a scheme). */
export const isWorkbookUrl = (where: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(where);

/**
 * The URL, if Graph may be asked about it: https, no user name or password in it, on an allowed
 * host. The URL's host never receives anything (the URL is encoded into a Graph path); the check
 * keeps a mistyped or planted line of a sync list from reaching files the council did not mean.
 */
export function allowedWorkbookUrl(where: string, env: NodeJS.ProcessEnv = process.env): string {
  let url: URL;
  try {
    url = new URL(where);
  } catch {
    throw new CliError(`"${where}" is not a URL`, {
      fix: 'give the workbook as a path, or as its SharePoint or OneDrive https:// address',
    });
  }
  if (url.protocol !== 'https:')
    throw new CliError(`${url.origin} is not https`, {
      fix: 'give the SharePoint or OneDrive address of the workbook, https://…',
    });
  if (url.username || url.password)
    throw new CliError('the workbook URL carries a user name or password', {
      fix: 'give its address without them',
    });
  const allowed = allowedHosts(env);
  const host = url.hostname.toLowerCase();
  const ok = allowed.some((entry) => (entry.startsWith('.') ? host.endsWith(entry) : host === entry));
  if (!ok)
    throw new CliError(`${host} is not a SharePoint or OneDrive host this council allows`, {
      fix: `give the workbook's SharePoint or OneDrive address, or add the host to PLANS_SHAREPOINT_HOSTS (now: ${allowed.join(',')})`,
    });
  return url.href;
}

function allowedHosts(env: NodeJS.ProcessEnv): string[] {
  const own = (env.PLANS_SHAREPOINT_HOSTS ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== '');
  return own.length > 0 ? own : MICROSOFT_HOSTS;
}

/**
 * PLANS_GRAPH_URL, else Microsoft's global Graph (sovereign clouds and tests point it elsewhere).
 * The token rides on every request to it, so it must be https; plain http only on this machine.
 */
export function graphUrl(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.PLANS_GRAPH_URL || DEFAULT_GRAPH;
  credentialUrl('PLANS_GRAPH_URL', given, 'the Graph token', `${DEFAULT_GRAPH} or your cloud's Graph`);
  return given;
}

/**
 * The delegated Graph permission a person's token asks for, on the Graph host in use: their own
 * SharePoint and OneDrive rights apply (Microsoft Graph permissions reference: Files.ReadWrite.All,
 * delegated, "read, create, update and delete all files the signed-in user can access").
 */
export const graphScope = (env: NodeJS.ProcessEnv = process.env) =>
  `${new URL(graphUrl(env)).origin}/Files.ReadWrite.All`;

/** Whose `plans login` may give the Graph token: the person signed in for the API of this run. */
export interface GraphSignIn {
  api?: string;
  msal?: MsalOptions;
}

/**
 * The Graph token: PLANS_GRAPH_TOKEN (tests, one-off runs), else the sync application's app-only
 * token when it is configured (PLANS_CLIENT_ID…, cli/app-credential-config.ts), for the Graph
 * host in use, else the person's own, from their `plans login` for this run's API (no second
 * login: MSAL redeems their refresh token for Graph). Without any, the run is refused in one line
 * when it first needs Graph, so local workbooks in a sync list still sync.
 */
export function graphTokenProvider(
  env: NodeJS.ProcessEnv = process.env,
  signIn: GraphSignIn = {},
): GraphTokenProvider {
  let source: (() => Promise<string>) | null | undefined;
  return async () => {
    const token = env.PLANS_GRAPH_TOKEN;
    if (token) return token;
    if (source === undefined) {
      const tokenFor = appCredentialFromEnv(env)?.tokenFor(graphUrl(env));
      const person = tokenFor ? null : personGraphToken(env, signIn);
      source = tokenFor ? async () => tokenFor() : person ? async () => person() : null;
    }
    if (source) return source();
    throw new CliError(`no Microsoft Graph token for ${graphUrl(env)}`, {
      fix: 'sign in with `plans login --tenant … --client-id … --scope … --graph`, or set PLANS_CLIENT_ID, PLANS_TENANT_ID and PLANS_CLIENT_CERT (the sync application), or PLANS_GRAPH_TOKEN for one run',
    });
  };
}

function personGraphToken(env: NodeJS.ProcessEnv, signIn: GraphSignIn) {
  const login = signIn.api ? storedMicrosoftLogin(signIn.api) : null;
  if (login?.kind !== 'person' || !signIn.api) return null;
  const again = loginAgain(signIn.api, login);
  return personTokenFor(
    login,
    [graphScope(env)],
    (code) =>
      new CliError(`Microsoft gave no Graph token for your sign-in (${code})`, {
        fix: `run \`${again}\` to consent to Microsoft Graph too (or ask IT to grant the CLI Files.ReadWrite.All)`,
      }),
    signIn.msal,
  );
}

/** The `plans login` that signs the same person in again, consenting to Graph as well. */
const loginAgain = (api: string, login: MicrosoftLogin) =>
  [
    'plans login',
    `--api ${originOf(api)}`,
    `--tenant ${login.tenant}`,
    `--client-id ${login.clientId}`,
    ...login.scopes.map((scope) => `--scope ${scope}`),
    '--graph',
  ].join(' ');

export function connectGraph(env: NodeJS.ProcessEnv = process.env, signIn: GraphSignIn = {}): GraphClient {
  return createGraphClient({ baseUrl: graphUrl(env), token: graphTokenProvider(env, signIn) });
}

/**
 * Where a workbook from Graph is synced on this machine, one folder per file (by drive and item),
 * readable by this user only: the journal beside it must outlive a run whose upload was refused,
 * so the next run recognises the rows that run sent. `PLANS_GRAPH_WORK`, else
 * `$XDG_STATE_HOME/plans/graph` (`~/.local/state/…`, `%LOCALAPPDATA%\…` on Windows).
 */
export function workFolder(
  item: { driveId: string; itemId: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  const base =
    env.PLANS_GRAPH_WORK ||
    join(
      env.XDG_STATE_HOME ||
        (process.platform === 'win32' && env.LOCALAPPDATA
          ? env.LOCALAPPDATA
          : join(homedir(), '.local', 'state')),
      'plans',
      'graph',
    );
  const key = createHash('sha256').update(`${item.driveId}\n${item.itemId}`).digest('hex').slice(0, 24);
  return join(base, key);
}
