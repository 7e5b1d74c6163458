import * as vscode from 'vscode';
import { readAuthSettings, registeredCallbackUrl } from './authSettings';
import type { AuthError } from './errors/authError';
import { translateAuthError } from './errors/translate';
import type { StoredSession } from './sessions/session';
import { ACTION_LABELS, runAuthAction } from './showAuthError';
import { plainText } from '../util/plainText';

/**
 * Tells the user, once per session and destination, that a session's credentials were held back because the API
 * base URL points at another server than the one that issued it (or at plain http elsewhere), with "Sign In" and
 * "Open Settings". Every poll would otherwise fail in silence, or repeat the message each time.
 */
export function refusedCredentialsNotice(log: vscode.LogOutputChannel): (session: StoredSession, error: AuthError) => void {
  const told = new Set<string>();
  return (session, error) => {
    const key = `${session.id} ${error.kind} ${error.requestedBy ?? ''}`;
    if (told.has(key)) return;
    told.add(key);
    log.warn(`Held back the credentials of @${session.username}: ${error.kind} (issued by ${error.issuedBy ?? '?'}, asked for ${error.requestedBy ?? '?'}).`);
    const settings = readAuthSettings();
    const shown = translateAuthError(error, {
      t: (message, ...args) => vscode.l10n.t(message, ...args),
      callbackUrl: registeredCallbackUrl(settings),
      clientId: settings.clientId,
      apiBaseUrl: settings.apiBaseUrl,
    });
    // The message names the servers from the settings; the labels are ours, passed through for the surface scan.
    const labels = shown.actions.map((action) => plainText(ACTION_LABELS[action]()));
    void Promise.resolve(vscode.window.showWarningMessage(plainText(shown.message), ...labels)).then((picked) => {
      const action = shown.actions[picked === undefined ? -1 : labels.indexOf(picked)];
      return action ? runAuthAction(action) : undefined;
    });
  };
}
