/**
 * Where the pane's tokens come from: a token provider the API client asks before every request.
 *
 * In the cloud it follows Microsoft's pattern for MSAL.js ("Initialization of MSAL", nested app
 * authentication in Office add-ins): `acquireTokenSilent` before every call, so a token that
 * expired mid-session (Entra's live 60–90 minutes) is renewed without the officer noticing;
 * interactive only on `InteractionRequiredAuthError`. `createNestablePublicClientApplication`
 * quietly returns a standard client where the Office host has no NAA bridge, whose silent call
 * fails and whose pop-up desktop webviews block: so any failure of that path falls back to the
 * Office dialog (dialog.html runs MSAL's redirect flow), not only a host that says it lacks NAA.
 *
 * Locally the token is pasted from `npx plans token` and kept in this page's sessionStorage. The
 * pane never reads what a token says: access tokens are opaque to clients; GET /me says who it is.
 */
import {
  createNestablePublicClientApplication,
  InteractionRequiredAuthError,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import type { TokenProvider } from '../core/client.js';
import type { AddinConfig } from './config.js';

const TOKEN_KEY = 'peer-challenge-plans.token';

export interface TokenStore {
  load(): string | null;
  save(token: string): void;
  clear(): void;
}

/** sessionStorage: gone when the task pane closes; memory when storage is blocked. */
export function sessionTokenStore(storage: Storage | null): TokenStore {
  let memory: string | null = null;
  return {
    load: () => {
      try {
        return storage?.getItem(TOKEN_KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    save: (token) => {
      memory = token;
      try {
        storage?.setItem(TOKEN_KEY, token);
      } catch {
        // storage blocked (private mode): memory only
      }
    },
    clear: () => {
      memory = null;
      try {
        storage?.removeItem(TOKEN_KEY);
      } catch {
        // nothing stored
      }
    },
  };
}

/** A pasted token, checked for shape only (three parts): what it says is the server's to judge. */
export function pastedToken(text: string): string {
  const token = text.trim();
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '' || !/^[A-Za-z0-9_-]+$/.test(p)))
    throw new Error(
      'That is not a sign-in token (it should have three parts). Paste the whole line that `npx plans token` printed.',
    );
  return token;
}

/** A token from the dialog, with when it stops working (ms since 1970). */
export interface DialogToken {
  token: string;
  expiresOn: number | null;
}

export interface MicrosoftSignInDeps {
  /** MSAL's nestable client (a standard one where there is no NAA bridge). */
  createApp: (config: AddinConfig) => Promise<IPublicClientApplication>;
  /** The Office dialog fallback; null where there is no Office dialog. */
  dialog: (() => Promise<DialogToken>) | null;
  /** Whether the host says it supports nested app authentication at all. */
  nestedAppAuthSupported: boolean;
  now?: () => number;
}

const officeReady = () => typeof Office !== 'undefined' && Boolean(Office.context);

export function officeSignInDeps(): MicrosoftSignInDeps {
  const office = officeReady();
  return {
    // Nestable everywhere: where there is no NAA bridge (outside Office, an old host) MSAL makes it
    // a standard client itself.
    createApp: (config) =>
      createNestablePublicClientApplication({
        auth: { clientId: config.clientId, ...(config.authority ? { authority: config.authority } : {}) },
      }),
    dialog: office && Office.context.ui ? signInThroughDialog : null,
    nestedAppAuthSupported: !office || Office.context.requirements.isSetSupported('NestedAppAuth', '1.1'),
  };
}

/**
 * The pane's token provider for Microsoft sign-in. The first call may show sign-in; every later
 * call is silent unless Entra asks for interaction (consent, MFA, a session ended).
 */
export function microsoftTokens(
  config: AddinConfig,
  deps: MicrosoftSignInDeps = officeSignInDeps(),
): TokenProvider {
  const now = deps.now ?? Date.now;
  let app: Promise<IPublicClientApplication> | null = null;
  let viaDialog = !deps.nestedAppAuthSupported && deps.dialog !== null;
  let fromDialog: DialogToken | null = null;

  async function throughDialog(forceRefresh: boolean): Promise<string> {
    if (!deps.dialog) throw new Error('Sign-in is not available here.');
    const fresh = fromDialog && !forceRefresh && (fromDialog.expiresOn ?? 0) - 60_000 > now();
    if (!fresh || !fromDialog) fromDialog = await deps.dialog();
    return fromDialog.token;
  }

  async function throughMsal(forceRefresh: boolean): Promise<string> {
    app ??= deps.createApp(config);
    const msal = await app;
    const account = msal.getActiveAccount() ?? msal.getAllAccounts()[0];
    const request = { scopes: config.scopes, ...(account ? { account } : {}) };
    try {
      return (await msal.acquireTokenSilent({ ...request, forceRefresh })).accessToken;
    } catch (error) {
      if (!(error instanceof InteractionRequiredAuthError) && account) throw error;
      // First sign-in (no account yet) or Entra wants the officer: show sign-in.
      const result = await msal.acquireTokenPopup({ scopes: config.scopes });
      msal.setActiveAccount(result.account);
      return result.accessToken;
    }
  }

  return async (options) => {
    const forceRefresh = options?.forceRefresh ?? false;
    if (viaDialog) return throughDialog(forceRefresh);
    try {
      return await throughMsal(forceRefresh);
    } catch (error) {
      // NAA failed (no bridge: a standard client, its pop-up blocked in the webview): the dialog.
      if (!deps.dialog) throw error;
      viaDialog = true;
      return throughDialog(true);
    }
  };
}

/** Older hosts: dialog.html signs in with MSAL and sends the token back with messageParent. */
function signInThroughDialog(): Promise<DialogToken> {
  const url = new URL('dialog.html', window.location.href).href;
  return new Promise((resolve, reject) => {
    Office.context.ui.displayDialogAsync(
      url,
      { height: 60, width: 30, promptBeforeOpen: false },
      (opened) => {
        if (opened.status !== Office.AsyncResultStatus.Succeeded) {
          reject(new Error(`The sign-in window did not open (${opened.error.message}).`));
          return;
        }
        const dialog = opened.value;
        dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
          dialog.close();
          const message = 'message' in arg ? parseDialogMessage(arg.message) : null;
          if (message?.token) resolve({ token: message.token, expiresOn: message.expiresOn ?? null });
          else reject(new Error(message?.error ?? 'Sign-in did not finish.'));
        });
        dialog.addEventHandler(Office.EventType.DialogEventReceived, () =>
          reject(new Error('The sign-in window was closed before sign-in finished.')),
        );
      },
    );
  });
}

export interface DialogMessage {
  token?: string;
  /** When the token stops working, ms since 1970 (MSAL's expiresOn). */
  expiresOn?: number;
  error?: string;
}

export function parseDialogMessage(text: string): DialogMessage | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { token, error, expiresOn } = value as Record<string, unknown>;
    return {
      ...(typeof token === 'string' ? { token } : {}),
      ...(typeof expiresOn === 'number' ? { expiresOn } : {}),
      ...(typeof error === 'string' ? { error } : {}),
    };
  } catch {
    return null;
  }
}
