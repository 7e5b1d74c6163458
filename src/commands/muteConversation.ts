import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { conversationFor } from './pickConversation';
import { TITLE_MAX, plainText } from '../util/plainText';

/**
 * X DMs: Mute Conversation / Unmute Conversation. Local to this account (X's API has no mute): a muted
 * conversation raises no notification and does not count in the panel badge or the status bar.
 */
export async function setConversationMuted(cc: CommandContext, arg: unknown, muted: boolean): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  const conversation = await conversationFor(ctx, arg, {
    title: plainText(muted ? vscode.l10n.t('Mute Conversation') : vscode.l10n.t('Unmute Conversation')),
    applies: (c) => ctx.dm.isMuted(c.id) !== muted,
    none: plainText(muted ? vscode.l10n.t('Every conversation is muted already.') : vscode.l10n.t('No conversation is muted.')),
  });
  if (!conversation) return;
  await ctx.dm.setMuted(conversation.id, muted);
  const title = plainText(conversation.title, { max: TITLE_MAX });
  vscode.window.setStatusBarMessage(
    muted ? vscode.l10n.t('$(bell-slash) Muted {0}', title) : vscode.l10n.t('$(bell) Unmuted {0}', title),
    3_000,
  );
}
