import { CliError } from './run.js';

/**
 * A setting naming where a credential travels (a token, or an application's proof): it must be
 * https, or plain http only on this machine (a test double). `fallback` is what to set it to.
 */
export function credentialUrl(setting: string, given: string, travels: string, fallback: string): URL {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new CliError(`${setting} "${given}" is not a URL`, { fix: `set it to ${fallback}` });
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new CliError(`${setting} ${url.origin} is not https, and ${travels} would travel unencrypted`, {
      fix: `set it to ${fallback} (plain http only on 127.0.0.1, for a test double)`,
    });
  return url;
}
