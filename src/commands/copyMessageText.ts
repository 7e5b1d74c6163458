import * as vscode from 'vscode';
import { parseMessageCommandArg } from '../protocol/messageCommandArgs';
import type { CommandContext } from './commandContext';
import { archivedTextFor } from './findMessage';

/**
 * Copy Message Text (panel context menu): the archived text of the message its argument names by id, so no caller
 * can put on the clipboard what the user did not see.
 */
export async function copyMessageText(cc: CommandContext, arg?: unknown): Promise<void> {
  const named = parseMessageCommandArg(arg).eventId !== undefined;
  const ctx = named ? await cc.account() : undefined;
  if (named && !ctx) return;
  const text = ctx ? await archivedTextFor(ctx.dm, arg) : undefined;
  if (text === undefined) {
    await vscode.window.showInformationMessage(vscode.l10n.t('Right-click a message in the X Direct Messages panel to copy its text.'));
    return;
  }
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Message text copied'), 2_500);
}
