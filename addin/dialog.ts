/**
 * The sign-in dialog (the fallback where nested app authentication is not supported): MSAL's
 * redirect flow inside an Office dialog, in the pane's theme; the token goes back to the task pane
 * with messageParent, with when it expires; opened again to renew, it answers silently when it can.
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
    const reply = (result: { accessToken: string; expiresOn: Date | null }) =>
      send({
        token: result.accessToken,
        ...(result.expiresOn ? { expiresOn: result.expiresOn.getTime() } : {}),
      });
    const result = await app.handleRedirectPromise();
    if (result) return reply(result);
    // Opened again to renew: the dialog's own MSAL cache usually answers without a page of sign-in.
    const account = app.getAllAccounts()[0];
    if (account) {
      try {
        return reply(await app.acquireTokenSilent({ scopes: config.scopes, account }));
      } catch {
        // interaction needed: the redirect below
      }
    }
    await app.loginRedirect({ scopes: config.scopes });
  } catch (error) {
    send({ error: error instanceof Error ? error.message : 'Sign-in failed.' });
  }
}

Office.onReady(() => {
  followTheme(Office.context?.officeTheme);
  void runSignInDialog();
});
