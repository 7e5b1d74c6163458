import * as vscode from 'vscode';
import type { OutboxResult, SendTarget } from '../dm/dmService';
import type { AccountContext, ConversationsViewPort } from './commandDeps';
import { showCommandError } from './showError';
import { plainText, type PlainText } from '../util/plainText';

/**
 * Sends through the outbox and reports the outcome once: sent (Open Conversation), failed (Retry), or unconfirmed
 * ("may have been sent", Check asks X and never sends): no blind retry that could send twice.
 */
export async function sendWithProgress(
  ctx: AccountContext,
  view: ConversationsViewPort,
  log: vscode.LogOutputChannel,
  target: SendTarget,
  text: string,
  recipientLabel: PlainText,
): Promise<OutboxResult | undefined> {
  let result: OutboxResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sending to {0}…', recipientLabel) },
      () => ctx.dm.send(target, text),
    );
  } catch (error) {
    await showCommandError(log, vscode.l10n.t("Couldn't send to {0}", recipientLabel), error, () =>
      sendWithProgress(ctx, view, log, target, text, recipientLabel),
    );
    return undefined;
  }
  void report(ctx, view, log, result, recipientLabel);
  return result;
}

async function report(
  ctx: AccountContext,
  view: ConversationsViewPort,
  log: vscode.LogOutputChannel,
  result: OutboxResult,
  recipientLabel: PlainText,
): Promise<void> {
  const open = vscode.l10n.t('Open Conversation');
  if (result.status === 'sent') {
    log.info(`sent a message (event ${result.eventId}) to conversation ${result.conversationId}`);
    const picked = await vscode.window.showInformationMessage(vscode.l10n.t('Message sent to {0}.', recipientLabel), open);
    if (picked === open) await view.reveal(result.conversationId);
    return;
  }
  if (result.status === 'failed') {
    log.warn(`send failed (${result.localId}): ${result.reason}`);
    const retry = vscode.l10n.t('Retry');
    const discard = vscode.l10n.t('Discard');
    const picked = await vscode.window.showErrorMessage(
      vscode.l10n.t('Your message to {0} was not sent: {1}', recipientLabel, plainText(result.reason)),
      retry,
      discard,
    );
    if (picked === retry) {
      try {
        const again = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sending to {0}…', recipientLabel) },
          () => ctx.dm.retry(result.localId),
        );
        await report(ctx, view, log, again, recipientLabel);
      } catch (error) {
        await showCommandError(log, vscode.l10n.t("Couldn't send to {0}", recipientLabel), error);
      }
    } else if (picked === discard) {
      ctx.dm.discard(result.localId);
    }
    return;
  }
  log.warn(`send unconfirmed (${result.localId}): may have been sent`);
  const check = vscode.l10n.t('Check');
  const picked = await vscode.window.showWarningMessage(
    vscode.l10n.t('Your message to {0} may have been sent: {1}', recipientLabel, plainText(result.reason)),
    check,
    open,
  );
  if (picked === open) await view.reveal();
  if (picked === check) {
    try {
      const checked = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking X about your message to {0}…', recipientLabel) },
        () => ctx.dm.check(result.localId),
      );
      await report(ctx, view, log, checked, recipientLabel);
    } catch (error) {
      await showCommandError(log, vscode.l10n.t("Couldn't check your message to {0}", recipientLabel), error);
    }
  }
}
