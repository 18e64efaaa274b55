/**
 * The sign-in dialog (the fallback where nested app authentication is not supported): MSAL's
 * redirect flow inside an Office dialog, in the pane's theme; the token goes back to the task pane
 * with messageParent.
 */
import { createStandardPublicClientApplication } from '@azure/msal-browser';
import { loadConfig } from './config.js';
import { followTheme } from './fluent-theme.js';
import type { DialogMessage } from './sign-in.js';

export async function runSignInDialog(): Promise<void> {
  const config = await loadConfig();
  const send = (message: DialogMessage) => Office.context.ui.messageParent(JSON.stringify(message));
  try {
    const app = await createStandardPublicClientApplication({
      auth: {
        clientId: config.clientId,
        ...(config.authority ? { authority: config.authority } : {}),
        redirectUri: window.location.href.split(/[?#]/)[0] as string,
      },
    });
    const result = await app.handleRedirectPromise();
    if (result) send({ token: result.accessToken });
    else await app.loginRedirect({ scopes: config.scopes });
  } catch (error) {
    send({ error: error instanceof Error ? error.message : 'Sign-in failed.' });
  }
}

Office.onReady(() => {
  followTheme(Office.context?.officeTheme);
  void runSignInDialog();
});
