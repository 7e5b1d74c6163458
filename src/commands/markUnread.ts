import * as vscode from 'vscode';
import { plainText } from '../util/plainText';
import type { CommandContext } from './commandContext';
import { conversationFor } from './pickConversation';

/**
 * X DMs: Mark as Unread — the conversation counts as unread again (locally: X keeps no read state for these DMs)
 * until it is opened. An open conversation is closed first, since looking at it would read it again at once.
 */
export async function markUnread(cc: CommandContext, arg: unknown): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  const conversation = await conversationFor(ctx, arg, {
    title: plainText(vscode.l10n.t('Mark as Unread')),
    applies: (c) => c.unread === 0,
    none: plainText(vscode.l10n.t('Every conversation is unread already.')),
  });
  if (!conversation) return;
  cc.deps.view.closeConversation?.(conversation.id);
  ctx.dm.markUnread(conversation.id);
}
