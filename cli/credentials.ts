/**
 * Tokens kept by `plans login`, so a scheduled task need not put one on its command line (where
 * process lists show it) nor in its environment. One file in the user's config folder, readable by
 * the user only, holding one token per API origin: a token is only ever read back for the origin it
 * was stored for, so it is never sent to another API.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { MicrosoftLogin } from './microsoft.js';
import { CliError } from './run.js';

/** A pasted token, or how to renew a Microsoft sign-in (`plans login --tenant …`): never both. */
type StoredToken = { token: string; saved: string } | { microsoft: MicrosoftLogin; saved: string };

interface CredentialsFile {
  tokens: Record<string, StoredToken>;
}

/** `$XDG_CONFIG_HOME/plans/credentials.json`, else `~/.config/…` (`%APPDATA%\…` on Windows). */
export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME ||
    (process.platform === 'win32' && env.APPDATA ? env.APPDATA : join(homedir(), '.config'));
  return join(base, 'plans', 'credentials.json');
}

/** The key a token is stored under: `https://plans.example.gov.uk`, whatever path the URL names. */
export function originOf(api: string): string {
  let url: URL;
  try {
    url = new URL(api);
  } catch {
    throw new CliError(`"${api}" is not a URL`, { fix: 'give the API as --api https://…' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CliError(`"${api}" is not an http(s) URL`, { fix: 'give the API as --api https://…' });
  return url.origin;
}

/** Read as the command starts (synchronously: a small file, read once). */
export function storedToken(api: string): string | null {
  const entry = readCredentials().tokens[originOf(api)];
  return entry && 'token' in entry ? entry.token : null;
}

/** The Microsoft sign-in `plans login --tenant …` kept for this API, if that is what it kept. */
export function storedMicrosoftLogin(api: string): MicrosoftLogin | null {
  const entry = readCredentials().tokens[originOf(api)];
  return entry && 'microsoft' in entry ? entry.microsoft : null;
}

export async function storeToken(
  api: string,
  token: string | { microsoft: MicrosoftLogin },
): Promise<string> {
  const file = readCredentials();
  const saved = new Date().toISOString();
  file.tokens[originOf(api)] = typeof token === 'string' ? { token, saved } : { ...token, saved };
  await writeCredentials(file);
  return credentialsPath();
}

/** Forgets the token of one API; true when there was one. */
export async function forgetToken(api: string): Promise<boolean> {
  const file = readCredentials();
  const origin = originOf(api);
  if (!(origin in file.tokens)) return false;
  delete file.tokens[origin];
  if (Object.keys(file.tokens).length === 0) await rm(credentialsPath(), { force: true });
  else await writeCredentials(file);
  return true;
}

function readCredentials(): CredentialsFile {
  const path = credentialsPath();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { tokens: {} };
    throw new CliError(`could not read ${path} (${code ?? (error as Error).message})`, {
      fix: 'check it belongs to you, or remove it and run `plans login` again',
    });
  }
  try {
    const parsed = JSON.parse(text) as Partial<CredentialsFile>;
    if (typeof parsed.tokens !== 'object' || parsed.tokens === null) throw new Error('no tokens');
    // Only well-formed entries, on a clean object: the file is the user's, but still input.
    const tokens: Record<string, StoredToken> = Object.create(null);
    for (const [origin, entry] of Object.entries(parsed.tokens) as [string, Record<string, unknown>][]) {
      if (typeof entry?.token === 'string')
        tokens[origin] = { token: entry.token, saved: String(entry.saved) };
      else if (isMicrosoftLogin(entry?.microsoft))
        tokens[origin] = { microsoft: entry.microsoft, saved: String(entry.saved) };
    }
    return { tokens };
  } catch {
    throw new CliError(`${path} is not a credentials file plans wrote`, {
      fix: 'remove it and run `plans login` again',
    });
  }
}

function isMicrosoftLogin(value: unknown): value is MicrosoftLogin {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.kind === 'person' || v.kind === 'application') &&
    typeof v.tenant === 'string' &&
    typeof v.clientId === 'string' &&
    Array.isArray(v.scopes) &&
    v.scopes.every((s) => typeof s === 'string')
  );
}

/** Written whole to a file only the user may read, then renamed over the old one. */
async function writeCredentials(file: CredentialsFile): Promise<void> {
  const path = credentialsPath();
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`could not write ${path} (${code})`, {
      fix: 'check the folder is yours and writable',
    });
  }
}
