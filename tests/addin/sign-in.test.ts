/**
 * The pane's Microsoft token provider against a stand-in MSAL client: silent before every call,
 * interactive only when Entra asks for it, the Office dialog when nested app authentication fails.
 */
import { InteractionRequiredAuthError } from '@azure/msal-browser';
import { describe, expect, it } from 'vitest';
import { AddinConfig } from '../../addin/config.js';
import { type DialogToken, type MicrosoftSignInDeps, microsoftTokens } from '../../addin/sign-in.js';

const config = AddinConfig.parse({ clientId: 'c', scopes: ['api://plans/access_as_user'] });
const account = {
  homeAccountId: 'h',
  environment: 'e',
  tenantId: 't',
  username: 'olivia',
  localAccountId: 'o',
};

interface Script {
  silent: (call: number, options: { forceRefresh?: boolean }) => string | Error;
  popup?: () => string | Error;
}

function fakeMsal(script: Script, signedIn = true) {
  const calls: string[] = [];
  let active = signedIn ? account : null;
  let silent = 0;
  const app = {
    getActiveAccount: () => active,
    getAllAccounts: () => (active ? [active] : []),
    setActiveAccount: (a: typeof account) => {
      active = a;
    },
    acquireTokenSilent: async (request: { forceRefresh?: boolean }) => {
      calls.push(request.forceRefresh ? 'silent(force)' : 'silent');
      const answer = script.silent(++silent, request);
      if (answer instanceof Error) throw answer;
      return { accessToken: answer, account };
    },
    acquireTokenPopup: async () => {
      calls.push('popup');
      const answer = script.popup?.() ?? new Error('popup_window_error');
      if (answer instanceof Error) throw answer;
      return { accessToken: answer, account };
    },
  };
  return { app, calls };
}

function deps(app: unknown, dialog: (() => Promise<DialogToken>) | null, nested = true): MicrosoftSignInDeps {
  return {
    createApp: async () => app as never,
    dialog,
    nestedAppAuthSupported: nested,
    now: () => 1_000_000,
  };
}

describe('microsoftTokens', () => {
  it('when the API is called twice, then MSAL is asked silently before each call (and renews what expired)', async () => {
    const { app, calls } = fakeMsal({ silent: (n) => `token-${n}` });
    const tokens = microsoftTokens(config, deps(app, null));
    expect(await tokens()).toBe('token-1');
    expect(await tokens()).toBe('token-2');
    expect(calls).toEqual(['silent', 'silent']);
  });

  it('when the API refused a token, then the next silent call skips MSAL’s cache', async () => {
    const { app, calls } = fakeMsal({ silent: (_n, o) => (o.forceRefresh ? 'fresh' : 'cached') });
    const tokens = microsoftTokens(config, deps(app, null));
    expect(await tokens({ forceRefresh: true })).toBe('fresh');
    expect(calls).toEqual(['silent(force)']);
  });

  it('when Entra wants the officer (InteractionRequired), then sign-in is shown, and later calls are silent again', async () => {
    const { app, calls } = fakeMsal({
      silent: (n) =>
        n === 1 ? new InteractionRequiredAuthError('consent_required', 'consent needed') : `silent-${n}`,
      popup: () => 'interactive',
    });
    const tokens = microsoftTokens(config, deps(app, null));
    expect(await tokens()).toBe('interactive');
    expect(await tokens()).toBe('silent-2');
    expect(calls).toEqual(['silent', 'popup', 'silent']);
  });

  it('when the NAA bridge is missing (silent fails, the pop-up is blocked), then the Office dialog signs in, and its token is used until it expires', async () => {
    const { app, calls } = fakeMsal({ silent: () => new Error('no_network_connectivity') }, false);
    let opened = 0;
    const dialog = async () => ({ token: `dialog-${++opened}`, expiresOn: 1_000_000 + 3_600_000 });
    const tokens = microsoftTokens(config, deps(app, dialog));
    expect(await tokens()).toBe('dialog-1');
    expect(await tokens()).toBe('dialog-1');
    expect(await tokens({ forceRefresh: true })).toBe('dialog-2');
    expect(calls).toEqual(['silent', 'popup']);
  });

  it('when the host says it has no nested app authentication, then the dialog is used from the start', async () => {
    const { app, calls } = fakeMsal({ silent: () => 'never' });
    const tokens = microsoftTokens(
      config,
      deps(app, async () => ({ token: 'dialog', expiresOn: null }), false),
    );
    expect(await tokens()).toBe('dialog');
    expect(calls).toEqual([]);
  });
});
