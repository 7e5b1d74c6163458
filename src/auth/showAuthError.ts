import * as vscode from 'vscode';
import { readAuthSettings, registeredCallbackUrl } from './authSettings';
import { isAuthError } from './errors/authError';
import type { AuthAction } from './errors/translate';
import { translateAuthError } from './errors/translate';
import { plainText } from '../util/plainText';

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

/**
 * Shows an auth failure once, in plain words, with the buttons that fix it; logs it once without secrets. A
 * user's cancel is logged at debug level and shows nothing. Does not wait for the user to pick a button.
 */
export function showAuthError(error: unknown, log: vscode.LogOutputChannel, retry?: () => unknown): void {
  const settings = readAuthSettings();
  const shown = translateAuthError(error, {
    t: (message, ...args) => vscode.l10n.t(message, ...args),
    callbackUrl: registeredCallbackUrl(settings),
    clientId: settings.clientId,
    apiBaseUrl: settings.apiBaseUrl,
  });
  if (shown.silent) {
    log.debug('Sign-in cancelled by the user.');
    return;
  }
  if (isAuthError(error)) {
    log.warn(`Sign-in failed: ${error.kind}${error.oauthError ? ` (${error.oauthError})` : ''}${error.status ? ` HTTP ${error.status}` : ''}`);
  } else {
    log.error(error instanceof Error ? error : String(error));
  }
  const labels = shown.actions.map((action) => ACTION_LABELS[action]());
  // X's error descriptions end up in the message.
  const message = plainText(shown.message);
  const shownMessage =
    shown.severity === 'error'
      ? vscode.window.showErrorMessage(message, ...labels)
      : shown.severity === 'warning'
        ? vscode.window.showWarningMessage(message, ...labels)
        : vscode.window.showInformationMessage(message, ...labels);
  void Promise.resolve(shownMessage).then((picked) => {
    const index = picked === undefined ? -1 : labels.indexOf(picked);
    const action = shown.actions[index];
    if (action) return runAuthAction(action, retry);
    return undefined;
  });
}
