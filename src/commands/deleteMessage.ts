import * as vscode from 'vscode';
import { parseMessageCommandArg } from '../protocol/messageCommandArgs';
import type { CommandContext } from './commandContext';
import { findMessage, recentOwnMessages } from './findMessage';
import { relativeTime } from '../protocol/relativeTime';
import { showCommandError } from './showError';
import { plainText, TITLE_MAX, type PlainText } from '../util/plainText';

/**
 * X DMs: Delete Message — from the panel's context menu (the message's event id) or, from the palette, a pick of
 * your recent messages. Always asks first: X cannot undo it.
 */
export async function deleteMessage(cc: CommandContext, arg?: unknown): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  const { eventId: argId, conversationId } = parseMessageCommandArg(arg);
  let eventId = argId;
  let preview: PlainText | undefined;
  if (eventId) {
    const message = await findMessage(ctx.dm, eventId, conversationId);
    if (message && !message.fromMe) {
      await vscode.window.showInformationMessage(vscode.l10n.t('You can delete only your own messages.'));
      return;
    }
    preview = message ? plainText(message.text, { max: 120 }) : undefined;
  } else {
    const now = Date.now();
    const items = (await recentOwnMessages(ctx.dm)).map((m) => ({
      label: plainText(m.text, { max: 80 }) || plainText(vscode.l10n.t('(attachment)')),
      description: plainText(`${plainText(ctx.dm.conversation(m.conversationId)?.title, { max: TITLE_MAX })} · ${relativeTime(m.createdAt, now, vscode.env.language)}`),
      eventId: m.id,
    }));
    if (items.length === 0) {
      await vscode.window.showInformationMessage(vscode.l10n.t('You have no sent messages in the local archive to delete.'));
      return;
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Delete Message: choose one of your messages'),
      placeHolder: vscode.l10n.t('Your recent messages, newest first'),
      matchOnDescription: true,
    });
    if (!picked) return;
    eventId = picked.eventId;
    preview = picked.label;
  }
  if (eventId.startsWith('local-')) {
    // Not at X yet: nothing to delete there, but the outbox holds the only copy of the text, so ask all the same.
    const discard = vscode.l10n.t('Discard');
    const confirmed = await vscode.window.showWarningMessage(
      vscode.l10n.t('Discard this unsent message?'),
      { modal: true, detail: plainText([preview, vscode.l10n.t('It has not reached X; its text is lost.')].filter(Boolean).join('\n\n'), { lines: true }) },
      discard,
    );
    if (confirmed === discard) ctx.dm.discard(eventId);
    return;
  }
  const remove = vscode.l10n.t('Delete');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete this message?'),
    {
      modal: true,
      detail: plainText([preview, vscode.l10n.t('X deletes it from your conversation. This cannot be undone.')].filter(Boolean).join('\n\n'), { lines: true }),
    },
    remove,
  );
  if (answer !== remove) return;
  const id = eventId;
  try {
    await ctx.dm.deleteMessage(id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(trash) Message deleted'), 3_000);
  } catch (error) {
    await showCommandError(cc.deps.log, vscode.l10n.t("Couldn't delete the message"), error, () => ctx.dm.deleteMessage(id));
  }
}
