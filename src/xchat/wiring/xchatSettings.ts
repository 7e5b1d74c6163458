import * as vscode from 'vscode';

/** Read on every use, so a change applies to the next read mark or keystroke without rebuilding the account. */
export function xchatReadReceipts(): boolean {
  return vscode.workspace.getConfiguration('xdm').get<boolean>('xchat.readReceipts', true);
}

export function xchatSendTypingIndicators(): boolean {
  return vscode.workspace.getConfiguration('xdm').get<boolean>('xchat.sendTypingIndicators', false);
}
