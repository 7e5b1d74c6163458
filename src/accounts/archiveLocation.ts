import * as vscode from 'vscode';

/**
 * One archive folder per X user id under the extension's global storage, so that two accounts never mix and
 * signing out of one can delete exactly its history.
 */
export function archiveDirFor(globalStorage: vscode.Uri, userId: string): vscode.Uri {
  if (!/^[0-9]{1,19}$/.test(userId)) throw new Error('An X user id has only digits.');
  return vscode.Uri.joinPath(globalStorage, 'archive', userId);
}
