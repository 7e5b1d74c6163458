import * as vscode from 'vscode';
import type { AccountContext, Accounts } from '../../accounts/accounts';
import { xchatContextValue, xchatVM } from './xchatVM';

/**
 * Keeps `xdm:xchatState` equal to the current account's X Chat state, so the palette offers Unlock only while the
 * keys are locked and Lock only while they are in memory (package.json `menus.commandPalette`).
 */
export function watchXChatContextKey(accounts: Accounts): vscode.Disposable {
  let stateSubscription: { dispose(): void } | undefined;
  let last: string | undefined;
  const publish = (current: AccountContext | undefined): void => {
    const value = current ? xchatContextValue(xchatVM(current.dm.encryptedChats?.state, current.signIn)) : 'none';
    if (value === last) return;
    last = value;
    void vscode.commands.executeCommand('setContext', 'xdm:xchatState', value);
  };
  const bind = (current: AccountContext | undefined): void => {
    stateSubscription?.dispose();
    stateSubscription = current ? current.dm.encryptedChats?.onDidChangeState(() => publish(current)) : undefined;
    publish(current);
  };
  const accountSubscription = accounts.onDidChangeCurrent(bind);
  bind(accounts.current);
  return new vscode.Disposable(() => {
    accountSubscription.dispose();
    stateSubscription?.dispose();
  });
}
