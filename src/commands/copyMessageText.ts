import * as vscode from 'vscode';
import { parseMessageCommandArg } from '../protocol/messageCommandArgs';
import type { CommandContext } from './commandContext';
import { findMessage } from './findMessage';

/**
 * Copy Message Text (panel context menu): the text as the archive holds it, looked up by event id so the clipboard
 * never gets a rendering artefact; falls back to the text the caller passed.
 */
export async function copyMessageText(cc: CommandContext, arg?: unknown): Promise<void> {
  const { eventId, conversationId, text } = parseMessageCommandArg(arg);
  const dm = cc.deps.accounts.current?.dm;
  const message = eventId && dm ? findMessage(dm, eventId, conversationId) : undefined;
  const value = message?.text ?? text;
  if (value === undefined) {
    await vscode.window.showInformationMessage(vscode.l10n.t('Right-click a message in the X Direct Messages panel to copy its text.'));
    return;
  }
  await vscode.env.clipboard.writeText(value);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Message text copied'), 2_500);
}
