import * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import { ConversationsViewProvider, RETAIN_CONTEXT_WHEN_HIDDEN } from './conversationsViewProvider';

export interface ConversationsView {
  /** Reveal the panel, optionally opening one conversation (used by notifications, commands, status bar). */
  reveal(conversationId?: string): Promise<void>;
  /** The conversation currently open and visible, if any (notifications skip it). */
  readonly visibleConversationId: string | undefined;
  /** Resolves once the webview has sent its ready handshake (integration test hook). */
  whenReady(): Promise<void>;
  /** Drops an account's drafts everywhere (signed out with its messages deleted). */
  forgetDrafts(userId: string): Promise<void>;
  /** Back to the list if this conversation is open. */
  closeConversation(conversationId: string): void;
}

export function registerConversationsView(
  context: vscode.ExtensionContext,
  deps: { accounts: Accounts; log: vscode.LogOutputChannel },
): ConversationsView {
  const provider = new ConversationsViewProvider(context, deps.accounts, deps.log);
  // The webview context menu (Copy Message Text, Delete Message) runs the commands engineer's `xdm.copyMessageText`
  // and `xdm.deleteMessage` with each bubble's `data-vscode-context` (src/protocol/messageCommandArgs.ts).
  context.subscriptions.push(provider, vscode.window.registerWebviewViewProvider('xdm.conversations', provider, { webviewOptions: { retainContextWhenHidden: RETAIN_CONTEXT_WHEN_HIDDEN } }));
  // Build-time constant: false in production bundles, so this hook is not even in the shipped code.
  if (__XDM_TEST_HOOKS__ && context.extensionMode === vscode.ExtensionMode.Test) {
    // In-host suites cannot see the webview; this test-mode-only hook waits for its handshake and reports state.
    context.subscriptions.push(
      vscode.commands.registerCommand('xdm.test.panelSnapshot', async (options?: { wait?: boolean }) => {
        if (options?.wait !== false) await provider.whenReady();
        return provider.snapshot();
      }),
    );
  }
  return {
    reveal: (conversationId) => provider.reveal(conversationId),
    get visibleConversationId() {
      return provider.visibleConversationId;
    },
    whenReady: () => provider.whenReady(),
    forgetDrafts: (userId) => provider.forgetDrafts(userId),
    closeConversation: (conversationId) => provider.closeConversation(conversationId),
  };
}
