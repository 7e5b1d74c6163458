import * as vscode from 'vscode';
import type { PlainText } from '../../util/plainText';

/** The longest passcode accepted: X Chat passcodes are short PINs, and anything far longer is a paste accident. */
export const MAX_PASSCODE_LENGTH = 128;

/** Why the typed passcode cannot be one, or undefined when it may be (lenient: X decides what is right). */
export function passcodeProblem(value: string): string | undefined {
  if (value.length === 0) return vscode.l10n.t('Enter your X Chat passcode.');
  if (value.length > MAX_PASSCODE_LENGTH) return vscode.l10n.t('An X Chat passcode is at most {0} characters.', MAX_PASSCODE_LENGTH);
  return undefined;
}

export type NoticeKind = 'info' | 'warning' | 'error';

/** The UI the X Chat commands talk to: VS Code's own, or (test builds only) a script an in-host test supplies. */
export interface XChatPrompts {
  /** The passcode as typed, or undefined when the user cancelled. */
  passcode(retry: boolean): Promise<string | undefined>;
  /** A notification (or a modal with `detail`); resolves to the button the user clicked, if any. */
  notice(kind: NoticeKind, message: PlainText, buttons: PlainText[], detail?: PlainText): Promise<string | undefined>;
}

export const vscodePrompts: XChatPrompts = {
  async passcode(retry) {
    // VS Code's own password box: the passcode never enters a webview, and `ignoreFocusOut` keeps a click
    // elsewhere (to look the passcode up) from cancelling it.
    return vscode.window.showInputBox({
      title: vscode.l10n.t('Unlock Encrypted Chats'),
      prompt: retry
        ? vscode.l10n.t('That passcode was wrong. Enter your X Chat passcode again (every wrong guess counts).')
        : vscode.l10n.t('Enter your X Chat passcode. It unlocks your keys from X\'s key backup; it is not stored.'),
      placeHolder: vscode.l10n.t('X Chat passcode'),
      password: true,
      ignoreFocusOut: true,
      validateInput: passcodeProblem,
    });
  },
  async notice(kind, message, buttons, detail) {
    // A detail makes it a modal (the About text is too long for a toast).
    if (detail !== undefined) {
      switch (kind) {
        case 'info':
          return vscode.window.showInformationMessage(message, { modal: true, detail }, ...buttons);
        case 'warning':
          return vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
        case 'error':
          return vscode.window.showErrorMessage(message, { modal: true, detail }, ...buttons);
      }
    }
    switch (kind) {
      case 'info':
        return vscode.window.showInformationMessage(message, ...buttons);
      case 'warning':
        return vscode.window.showWarningMessage(message, ...buttons);
      case 'error':
        return vscode.window.showErrorMessage(message, ...buttons);
    }
  },
};
