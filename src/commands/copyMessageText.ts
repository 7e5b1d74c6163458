import * as vscode from 'vscode';
import { parseMessageCommandArg } from '../protocol/messageCommandArgs';
import type { CommandContext } from './commandContext';
import { findMessage } from './findMessage';

/**
 * Copy Message Text (panel context menu): the archived text of the message its argument names by id. Text in the
 * argument is never copied, so no caller can put on the clipboard what the user did not see.
 */
export async function copyMessageText(cc: CommandContext, arg?: unknown): Promise<void> {
  const { eventId, conversationId } = parseMessageCommandArg(arg);
  const ctx = eventId ? await cc.account() : undefined;
  if (eventId && !ctx) return;
  const message = ctx && eventId ? await findMessage(ctx.dm, eventId, conversationId) : undefined;
  if (!message) {
    await vscode.window.showInformationMessage(vscode.l10n.t('Right-click a message in the X Direct Messages panel to copy its text.'));
    return;
  }
  await vscode.env.clipboard.writeText(message.text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Message text copied'), 2_500);
}
