import * as vscode from 'vscode';
import { CALLBACK_PATH, URI_CALLBACK_AUTHORITY } from './constants';
import { AuthError } from './errors/authError';
import type { CallbackResult } from './loopbackServer';
import { stateMatches } from './oauthState';
import type { RedirectReceiver } from './signInFlow';

/**
 * The second redirect: `<scheme>://xdm.x-direct-messages/callback?code=…&state=…`, routed by VS Code to this
 * extension (remote and web windows whose browser cannot reach the extension host's 127.0.0.1). Only callbacks
 * whose `state` belongs to a sign-in in progress are accepted; anything else is ignored.
 */
export class UriCallbackHandler implements vscode.UriHandler {
  private readonly waiting = new Map<string, (result: CallbackResult) => void>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  handleUri(uri: vscode.Uri): void {
    if (uri.path !== CALLBACK_PATH) {
      this.log.debug(`Ignored a URI for ${uri.path}.`);
      return;
    }
    const query = new URLSearchParams(uri.query);
    const state = query.get('state');
    for (const [expected, resolve] of this.waiting) {
      if (!stateMatches(expected, state)) continue;
      const code = query.get('code');
      const error = query.get('error');
      if (code) resolve({ code });
      else resolve({ error: error ?? 'invalid_request', errorDescription: query.get('error_description') ?? undefined });
      return;
    }
    this.log.warn('Ignored a sign-in callback that does not belong to a sign-in in progress.');
  }

  /** The redirect URI as X must see it (`asExternalUri` maps it to an https URL in web windows). */
  async redirectUri(): Promise<string> {
    const uri = vscode.Uri.parse(`${vscode.env.uriScheme}://${URI_CALLBACK_AUTHORITY}${CALLBACK_PATH}`);
    if (vscode.env.uiKind === vscode.UIKind.Web) return (await vscode.env.asExternalUri(uri)).toString(true);
    return uri.toString(true);
  }

  async receiver(state: string): Promise<RedirectReceiver> {
    const redirectUri = await this.redirectUri();
    const close = () => this.waiting.delete(state);
    return {
      redirectUri,
      close,
      wait: (signal) =>
        new Promise<CallbackResult>((resolve, reject) => {
          const onAbort = () => {
            close();
            reject(signal.reason ?? new AuthError('cancelled', 'Sign-in cancelled.'));
          };
          if (signal.aborted) return onAbort();
          signal.addEventListener('abort', onAbort, { once: true });
          this.waiting.set(state, (result) => {
            signal.removeEventListener('abort', onAbort);
            close();
            resolve(result);
          });
        }),
    };
  }
}
