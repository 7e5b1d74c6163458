import * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import { ConversationTabs, TAB_VIEW_TYPE } from './conversationTabs';
import { ConversationsViewProvider, RETAIN_CONTEXT_WHEN_HIDDEN } from './conversationsViewProvider';
import { WebviewHub } from './webviewHub';

export interface ConversationsView {
  /** Reveal the panel, optionally opening one conversation (used by notifications, commands, status bar). */
  reveal(conversationId?: string): Promise<void>;
  /** Opens the conversation in an editor tab (or reveals its tab); rejects an unknown id. */
  openInEditor(conversationId: string): Promise<void>;
  /** The conversation currently open and visible in the sidebar or the active editor tab, if any (notifications skip it). */
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
  const hub = new WebviewHub(context, deps.accounts, deps.log);
  const provider: ConversationsViewProvider = new ConversationsViewProvider(hub, (id) => tabs.open(id));
  const tabs: ConversationTabs = new ConversationTabs(hub, (id) => provider.reveal(id));
  // The webview context menu runs `xdm.copyMessageText` and `xdm.deleteMessage` with each bubble's
  // `data-vscode-context` (src/protocol/messageCommandArgs.ts).
  context.subscriptions.push(
    hub,
    provider,
    tabs,
    vscode.window.registerWebviewViewProvider('xdm.conversations', provider, { webviewOptions: { retainContextWhenHidden: RETAIN_CONTEXT_WHEN_HIDDEN } }),
    vscode.window.registerWebviewPanelSerializer(TAB_VIEW_TYPE, tabs),
  );
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
    openInEditor: (conversationId) => tabs.open(conversationId),
    get visibleConversationId() {
      return provider.visibleConversationId ?? tabs.activeConversationId;
    },
    whenReady: () => provider.whenReady(),
    forgetDrafts: (userId) => hub.forgetDrafts(userId),
    closeConversation: (conversationId) => provider.closeConversation(conversationId),
  };
}
