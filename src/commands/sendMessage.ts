import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { pickRecipient, targetOf } from './pickRecipient';
import { promptMessageText } from './promptMessageText';
import { sendWithProgress } from './sendWithProgress';
import { plainText } from '../util/plainText';

/** X DMs: Send Message… — recipient QuickPick, then the text, then send. Esc at any step sends nothing. */
export async function sendMessage(cc: CommandContext): Promise<void> {
  const ctx = await cc.account();
  if (!ctx) return;
  const recipient = await pickRecipient(ctx, cc.lookup(ctx), {
    title: plainText(vscode.l10n.t('Send Message: choose a conversation or person')),
    allowNewGroup: true,
  });
  if (!recipient) return;
  if (recipient.kind === 'newGroup') {
    await vscode.commands.executeCommand('xdm.newGroup');
    return;
  }
  const text = await promptMessageText(recipient.label);
  if (text === undefined) return;
  await sendWithProgress(ctx, cc.deps.view, cc.deps.log, targetOf(recipient), text, recipient.label);
}
