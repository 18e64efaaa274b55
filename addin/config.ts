/**
 * The add-in's settings, from config.json beside the page: which API, and the Microsoft Entra
 * app registration to sign in with. No clientId (the local server) means tokens are pasted.
 */
import { z } from 'zod';

export const AddinConfig = z.object({
  /** The API's base URL; empty means the page's own origin (the local server serves both). */
  apiUrl: z.string().default(''),
  clientId: z.string().default(''),
  authority: z.string().default(''),
  scopes: z.array(z.string()).default([]),
});
export type AddinConfig = z.infer<typeof AddinConfig>;

/** The API base for requests: the configured URL, or the page's origin. */
export function apiBase(config: AddinConfig, pageUrl: string): string {
  return (config.apiUrl || new URL(pageUrl).origin).replace(/\/+$/, '');
}

export const usesMicrosoftSignIn = (config: AddinConfig) => config.clientId !== '';

export async function loadConfig(fetchConfig: typeof fetch = fetch): Promise<AddinConfig> {
  try {
    const response = await fetchConfig('config.json', { cache: 'no-store' });
    if (!response.ok) return AddinConfig.parse({});
    return AddinConfig.parse(await response.json());
  } catch {
    // No config beside the page: the local defaults (same origin, pasted tokens).
    return AddinConfig.parse({});
  }
}
