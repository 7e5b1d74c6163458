import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { parseConversationArg } from './conversationArg';
import { TITLE_MAX, plainText, withIcon, type PlainQuickPickItem } from '../util/plainText';

/**
 * The thread header's "More Actions": the conversation's commands in one QuickPick (a webview cannot open VS Code's
 * menus). Each runs with `{conversationId}` only, so Block still asks first.
 */
export async function conversationActions(cc: CommandContext, arg: unknown): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  const { conversationId } = parseConversationArg(arg);
  const conversation = conversationId ? ctx.dm.conversation(conversationId) : undefined;
  if (!conversation) return;
  const muted = ctx.dm.isMuted(conversation.id);
  const partner = conversation.partner;
  const handle = partner ? `@${plainText(partner.username, { max: 20 })}` : '';
  const items: (PlainQuickPickItem & { command: string })[] = [
    muted
      ? { label: withIcon('bell', plainText(vscode.l10n.t('Unmute Conversation'))), command: 'xdm.unmuteConversation' }
      : { label: withIcon('bell-slash', plainText(vscode.l10n.t('Mute Conversation'))), detail: plainText(vscode.l10n.t('No notifications, not counted in the badge')), command: 'xdm.muteConversation' },
  ];
  if (conversation.unread === 0) items.push({ label: withIcon('mail', plainText(vscode.l10n.t('Mark as Unread'))), command: 'xdm.markUnread' });
  if (partner && ctx.dm.isBlocked(partner.id)) {
    items.push({ label: withIcon('pass', plainText(vscode.l10n.t('Unblock {0}', handle))), command: 'xdm.unblockUser' });
  } else if (partner) {
    items.push({ label: withIcon('circle-slash', plainText(vscode.l10n.t('Block {0}…', handle))), detail: plainText(vscode.l10n.t('They can no longer send you Direct Messages')), command: 'xdm.blockUser' });
  } else {
    items.push({ label: withIcon('circle-slash', plainText(vscode.l10n.t('Block Someone in This Group…'))), command: 'xdm.blockUser' });
  }
  const picked = await vscode.window.showQuickPick(items, { title: plainText(conversation.title, { max: TITLE_MAX }), placeHolder: plainText(vscode.l10n.t('Conversation actions')) });
  if (picked) await vscode.commands.executeCommand(picked.command, { conversationId: conversation.id });
}
