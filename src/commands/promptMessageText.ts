import * as vscode from 'vscode';
import { MAX_DM_TEXT_LENGTH, dmTextLength } from '../dm/model/limits';
import type { PlainText } from '../util/plainText';

/** Validation shared by every InputBox that takes DM text: X's 10,000 limit, said in plain words. */
export function validateDmText(text: string): vscode.InputBoxValidationMessage | undefined {
  const length = dmTextLength(text);
  if (length > MAX_DM_TEXT_LENGTH) {
    return {
      message: vscode.l10n.t(
        '{0} characters over X\'s limit of 10,000. Shorten it, or open the conversation in the panel to write long messages.',
        length - MAX_DM_TEXT_LENGTH,
      ),
      severity: vscode.InputBoxValidationSeverity.Error,
    };
  }
  if (length > MAX_DM_TEXT_LENGTH * 0.9) {
    return {
      message: vscode.l10n.t('{0} characters left.', MAX_DM_TEXT_LENGTH - length),
      severity: vscode.InputBoxValidationSeverity.Warning,
    };
  }
  return undefined;
}

/**
 * Asks for the message text. Resolves undefined on Esc or an empty text (nothing to send), so every caller treats
 * "no text" as a cancel.
 */
export async function promptMessageText(recipientLabel: PlainText, initial = ''): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Message to {0}', recipientLabel),
    prompt: vscode.l10n.t('Enter sends, Esc cancels. For long or multi-line messages, open the conversation in the panel.'),
    placeHolder: vscode.l10n.t('Write a message'),
    value: initial,
    ignoreFocusOut: true,
    validateInput: validateDmText,
  });
  if (text === undefined || text.trim().length === 0) return undefined;
  return text;
}
