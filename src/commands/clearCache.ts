import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { showCommandError } from './showError';

/** X DMs: Clear Local Cache — the archive is the only copy of history older than X's 30 days, so ask first. */
export async function clearCache(cc: CommandContext): Promise<void> {
  const clear = vscode.l10n.t('Clear Cache');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Clear the local Direct Message cache?'),
    {
      modal: true,
      detail: vscode.l10n.t(
        'The archive on this machine is deleted. Messages from the last 30 days are fetched from X again (this costs requests); older history that X no longer returns is lost.',
      ),
    },
    clear,
  );
  if (answer !== clear) return;
  try {
    await cc.deps.clearCache();
    cc.deps.log.info('local cache cleared by the user');
    await vscode.window.showInformationMessage(vscode.l10n.t('The local Direct Message cache was cleared.'));
  } catch (error) {
    await showCommandError(cc.deps.log, vscode.l10n.t("Couldn't clear the cache"), error);
  }
}
