/**
 * Getting a token. In the cloud: MSAL nested app authentication (the Office host signs the
 * officer in, no pop-up of our own), falling back to an Office dialog running MSAL where the host
 * does not support it. Locally: a token pasted from `npx plans token`. Tokens live in this page's
 * memory and sessionStorage only; nothing about them is ever written into the workbook.
 */
import {
  createNestablePublicClientApplication,
  createStandardPublicClientApplication,
} from '@azure/msal-browser';
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

const officeReady = () => typeof Office !== 'undefined' && Boolean(Office.context);

/** Signs in with Microsoft and returns an access token for the plans API. */
export async function signInWithMicrosoft(config: AddinConfig): Promise<string> {
  const request = { scopes: config.scopes };
  const auth = { clientId: config.clientId, ...(config.authority ? { authority: config.authority } : {}) };
  if (officeReady() && Office.context.requirements.isSetSupported('NestedAppAuth', '1.1')) {
    const app = await createNestablePublicClientApplication({ auth });
    try {
      return (await app.acquireTokenSilent(request)).accessToken;
    } catch {
      return (await app.acquireTokenPopup(request)).accessToken;
    }
  }
  if (officeReady() && Office.context.ui) return signInThroughDialog();
  // Outside Office (the in-page demo): an ordinary MSAL pop-up.
  const app = await createStandardPublicClientApplication({ auth });
  return (await app.loginPopup(request)).accessToken;
}

/** Older hosts: dialog.html signs in with MSAL and sends the token back with messageParent. */
function signInThroughDialog(): Promise<string> {
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
          if (message?.token) resolve(message.token);
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
  error?: string;
}

export function parseDialogMessage(text: string): DialogMessage | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { token, error } = value as Record<string, unknown>;
    return {
      ...(typeof token === 'string' ? { token } : {}),
      ...(typeof error === 'string' ? { error } : {}),
    };
  } catch {
    return null;
  }
}
