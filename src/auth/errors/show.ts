import * as vscode from 'vscode';
import { plainText } from '../../util/plainText';
import { readAuthSettings, registeredCallbackUrl } from '../settings';
import type { AuthSettings } from '../settings';
import type { StoredSession } from '../sessions/session';
import type { AuthError } from './authError';
import { isAuthError, SIGNED_IN_ELSEWHERE } from './authError';
import type { AuthAction, AuthMessage } from './translate';
import { translateAuthError } from './translate';

export const WALKTHROUGH_ID = 'xdm.x-direct-messages#xdm.gettingStarted';

export const ACTION_LABELS: Record<AuthAction, () => string> = {
  signIn: () => vscode.l10n.t('Sign In'),
  retry: () => vscode.l10n.t('Try Again'),
  openClientIdSetting: () => vscode.l10n.t('Open Setting'),
  openPortSetting: () => vscode.l10n.t('Open Setting'),
  openEndpointSettings: () => vscode.l10n.t('Open Settings'),
  copyCallbackUrl: () => vscode.l10n.t('Copy Callback URL'),
  openWalkthrough: () => vscode.l10n.t('Open Setup Guide'),
  reloadWindow: () => vscode.l10n.t('Reload Window'),
};

/** Runs one of the translated actions (the buttons of auth messages). */
export async function runAuthAction(action: AuthAction, retry?: () => unknown): Promise<void> {
  switch (action) {
    case 'signIn':
      await vscode.commands.executeCommand('xdm.signIn');
      return;
    case 'retry':
      await retry?.();
      return;
    case 'openClientIdSetting':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'xdm.clientId');
      return;
    case 'openPortSetting':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'xdm.oauth.redirectPort');
      return;
    case 'openEndpointSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:xdm.x-direct-messages url');
      return;
    case 'copyCallbackUrl':
      await vscode.commands.executeCommand('xdm.copyCallbackUrl');
      return;
    case 'openWalkthrough':
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
      return;
    case 'reloadWindow':
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      return;
  }
}

/** The plain words and buttons for an auth failure, with the current settings filled in. */
function translate(error: unknown): AuthMessage {
  const settings = readAuthSettings();
  return translateAuthError(error, {
    t: (message, ...args) => vscode.l10n.t(message, ...args),
    callbackUrl: registeredCallbackUrl(settings),
    clientId: settings.clientId,
    apiBaseUrl: settings.apiBaseUrl,
  });
}

/** Shows a translated message at its severity and runs the button the user picks (without waiting for it). */
function present(shown: AuthMessage, retry?: () => unknown): void {
  // X's error descriptions and the settings' URLs end up in the message; the labels are ours.
  const message = plainText(shown.message);
  const labels = shown.actions.map((action) => plainText(ACTION_LABELS[action]()));
  const shownMessage =
    shown.severity === 'error'
      ? vscode.window.showErrorMessage(message, ...labels)
      : shown.severity === 'warning'
        ? vscode.window.showWarningMessage(message, ...labels)
        : vscode.window.showInformationMessage(message, ...labels);
  void Promise.resolve(shownMessage).then((picked) => {
    const action = shown.actions[picked === undefined ? -1 : labels.indexOf(picked)];
    return action ? runAuthAction(action, retry) : undefined;
  });
}

/** Shows an auth failure once with the buttons that fix it, and logs it without secrets; a cancel shows nothing. */
export function showAuthError(error: unknown, log: vscode.LogOutputChannel, retry?: () => unknown): void {
  const shown = translate(error);
  if (shown.silent) {
    log.debug('Sign-in cancelled by the user.');
    return;
  }
  if (isAuthError(error)) {
    log.warn(`Sign-in failed: ${error.kind}${error.oauthError ? ` (${error.oauthError})` : ''}${error.status ? ` HTTP ${error.status}` : ''}`);
  } else {
    log.error(error instanceof Error ? error : String(error));
  }
  present(shown, retry);
}

/**
 * Says once per session and destination that credentials were held back (ADR 007): every poll would otherwise
 * fail in silence, or repeat the message.
 */
export function refusedCredentialsNotice(log: vscode.LogOutputChannel): (session: StoredSession, error: AuthError) => void {
  const told = new Set<string>();
  return (session, error) => {
    const key = `${session.id} ${error.kind} ${error.requestedBy ?? ''}`;
    if (told.has(key)) return;
    told.add(key);
    log.warn(`Held back the credentials of @${session.username}: ${error.kind} (issued by ${error.issuedBy ?? '?'}, asked for ${error.requestedBy ?? '?'}).`);
    present({ ...translate(error), severity: 'warning' });
  };
}

/** invalid_grant: the session is gone. Say so once, with the way back. */
export function askToSignInAgain(session: StoredSession): void {
  const signIn = vscode.l10n.t('Sign In');
  void Promise.resolve(
    vscode.window.showWarningMessage(
      vscode.l10n.t('Your X session for @{0} has expired or was revoked. Sign in again to keep your messages up to date.', plainText(session.username)),
      signIn,
    ),
  ).then((picked) => (picked === signIn ? vscode.commands.executeCommand('xdm.signIn') : undefined));
}

/** Another window renewed the sign-in and this one cannot read the new tokens: nothing is lost, a reload fixes it. */
export function offerReload(): void {
  const reload = vscode.l10n.t('Reload Window');
  void Promise.resolve(vscode.window.showInformationMessage(plainText(vscode.l10n.t(SIGNED_IN_ELSEWHERE)), reload)).then((picked) =>
    picked === reload ? vscode.commands.executeCommand('workbench.action.reloadWindow') : undefined,
  );
}

/** No client id yet: not an error. Say what to create, open the setting, offer the walkthrough. */
export function explainSetup(settings: AuthSettings): void {
  void vscode.commands.executeCommand('workbench.action.openSettings', 'xdm.clientId');
  const guide = vscode.l10n.t('Open Setup Guide');
  const copy = vscode.l10n.t('Copy Callback URL');
  void Promise.resolve(
    vscode.window.showInformationMessage(
      vscode.l10n.t(
        'To sign in to X, create an app in the X developer portal: type "Native App", permission "Read, write and Direct Messages", callback URL {0}. Then paste its OAuth 2.0 Client ID into the "xdm.clientId" setting.',
        plainText(registeredCallbackUrl(settings)),
      ),
      guide,
      copy,
    ),
  ).then((picked) => {
    if (picked === guide) return vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
    if (picked === copy) return vscode.commands.executeCommand('xdm.copyCallbackUrl');
    return undefined;
  });
}
