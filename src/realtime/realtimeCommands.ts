import * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import { readAccountSettings } from '../accounts/accountSettings';
import { ActivityAppApi, ActivityHttpError } from './appApi';
import { looksLikeBearer, type BearerStore } from './bearerStore';
import type { RealtimeCommandId } from '../commands/registerCommands';
import type { RealtimeController } from './realtimeController';

/**
 * "Turn On Real-time Delivery" asks for the app's bearer token in a password box (it never comes from command
 * arguments), checks it with X, stores it in SecretStorage and switches the setting on; "Turn Off" deletes the
 * subscriptions and the token. Neither ever shows or logs the token.
 */
export function realtimeCommandHandlers(deps: { accounts: Accounts; store: BearerStore; controller: RealtimeController; userAgent: string }): Record<RealtimeCommandId, () => Promise<void>> {
  return {
    'xdm.turnOnRealtime': () => turnOn(deps),
    'xdm.turnOffRealtime': () => turnOff(deps.controller),
  };
}

async function turnOn(deps: { accounts: Accounts; store: BearerStore; controller: RealtimeController; userAgent: string }): Promise<void> {
  if (!deps.accounts.current) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Sign in to X first: real-time delivery subscribes to your own messages.'));
    return;
  }
  const token = await vscode.window.showInputBox({
    title: vscode.l10n.t('Real-time Delivery'),
    prompt: vscode.l10n.t("Paste the Bearer Token of your X app (developer portal, your app, Keys and tokens). It is kept in VS Code's secret storage and never shown again."),
    placeHolder: vscode.l10n.t('Bearer Token'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) =>
      value.trim() === '' || looksLikeBearer(value) ? undefined : vscode.l10n.t('That does not look like a bearer token: paste the token itself, without "Bearer" or spaces.'),
  });
  if (!token?.trim()) return;
  const app = new ActivityAppApi({ baseUrl: readAccountSettings().apiBaseUrl, bearer: token.trim(), userAgent: deps.userAgent });
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the bearer token with X…') }, () => app.listSubscriptions());
  } catch (error) {
    if (error instanceof ActivityHttpError && (error.status === 401 || error.status === 403)) {
      void vscode.window.showErrorMessage(vscode.l10n.t("X refused this bearer token (HTTP {0}). Copy the Bearer Token again from your X app's Keys and tokens page.", error.status));
    } else {
      void vscode.window.showErrorMessage(vscode.l10n.t("Couldn't reach X to check the bearer token. Check the connection and try again."));
    }
    return;
  }
  await deps.store.store(token.trim());
  deps.controller.notices.reset();
  await vscode.workspace.getConfiguration('xdm').update('realtime.enabled', true, vscode.ConfigurationTarget.Global);
  if (await deps.controller.rebind(true)) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Real-time delivery is on: new messages arrive as X sends them, and X is asked for new messages only every 15 minutes as a safety net.'),
    );
  }
}

async function turnOff(controller: RealtimeController): Promise<void> {
  await vscode.workspace.getConfiguration('xdm').update('realtime.enabled', false, vscode.ConfigurationTarget.Global);
  const result = await controller.turnOff();
  const every = readAccountSettings().pollIntervalSeconds;
  if (result.failed) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t("Real-time delivery is off and the bearer token is removed, but X could not be asked to delete its subscriptions. Delete them in your X app's settings if they matter to you. New messages are checked every {0} s.", every),
    );
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('Real-time delivery is off: its subscriptions at X and the bearer token are deleted. New messages are checked every {0} s.', every));
  }
}
