import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { formatTime, showCommandError } from './showError';

/** X DMs: Refresh — one manual sync; when X's budget is spent it says when a refresh can run instead of trying. */
export async function refresh(cc: CommandContext): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Refreshing Direct Messages') },
      () => ctx.dm.syncNow('manual'),
    );
    cc.deps.log.info(`manual refresh: ${outcome.requests} requests, ${outcome.newEvents} new events${outcome.skipped ? `, skipped (${outcome.skipped})` : ''}`);
    switch (outcome.skipped) {
      case 'rateLimited':
        await vscode.window.showInformationMessage(
          outcome.retryAt
            ? vscode.l10n.t("X's rate limit for reading messages is used up. You can refresh again at {0}.", formatTime(outcome.retryAt))
            : vscode.l10n.t("X's rate limit for reading messages is used up. Try again in a few minutes."),
        );
        return;
      case 'offline':
        await vscode.window.showWarningMessage(vscode.l10n.t("Can't reach X right now. Your archive is still here; refresh when you're back online."));
        return;
      case 'busy':
        vscode.window.setStatusBarMessage(vscode.l10n.t('$(sync~spin) Already refreshing Direct Messages…'), 3_000);
        return;
      case 'signedOut':
        await cc.account();
        return;
      default:
        vscode.window.setStatusBarMessage(
          outcome.newEvents === 0
            ? vscode.l10n.t('$(check) Direct Messages are up to date')
            : outcome.newEvents === 1
              ? vscode.l10n.t('$(check) 1 new Direct Message event')
              : vscode.l10n.t('$(check) {0} new Direct Message events', outcome.newEvents),
          4_000,
        );
    }
  } catch (error) {
    await showCommandError(cc.deps.log, vscode.l10n.t("Couldn't refresh"), error, () => refresh(cc));
  }
}
