import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { parseConversationArg } from './conversationArg';
import { plainName } from './plainName';

/**
 * The thread header's "More Actions" button: the conversation commands that apply to this conversation, in one
 * QuickPick (a webview cannot open VS Code's own menus). Each runs its command with `{conversationId}` only, so
 * Block still asks first.
 */
export async function conversationActions(cc: CommandContext, arg: unknown): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  const { conversationId } = parseConversationArg(arg);
  const conversation = conversationId ? ctx.dm.conversation(conversationId) : undefined;
  if (!conversation) return;
  const muted = ctx.dm.isMuted(conversation.id);
  const partner = conversation.partner;
  const handle = partner ? `@${plainName(partner.username, 20)}` : '';
  const items: (vscode.QuickPickItem & { command: string })[] = [
    muted
      ? { label: `$(bell) ${vscode.l10n.t('Unmute Conversation')}`, command: 'xdm.unmuteConversation' }
      : { label: `$(bell-slash) ${vscode.l10n.t('Mute Conversation')}`, detail: vscode.l10n.t('No notifications, not counted in the badge'), command: 'xdm.muteConversation' },
  ];
  if (conversation.unread === 0) items.push({ label: `$(mail) ${vscode.l10n.t('Mark as Unread')}`, command: 'xdm.markUnread' });
  if (partner && ctx.dm.isBlocked(partner.id)) {
    items.push({ label: `$(pass) ${vscode.l10n.t('Unblock {0}', handle)}`, command: 'xdm.unblockUser' });
  } else if (partner) {
    items.push({ label: `$(circle-slash) ${vscode.l10n.t('Block {0}…', handle)}`, detail: vscode.l10n.t('They can no longer send you Direct Messages'), command: 'xdm.blockUser' });
  } else {
    items.push({ label: `$(circle-slash) ${vscode.l10n.t('Block Someone in This Group…')}`, command: 'xdm.blockUser' });
  }
  const picked = await vscode.window.showQuickPick(items, { title: plainName(conversation.title), placeHolder: vscode.l10n.t('Conversation actions') });
  if (picked) await vscode.commands.executeCommand(picked.command, { conversationId: conversation.id });
}
