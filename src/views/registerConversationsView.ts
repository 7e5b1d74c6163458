import * as vscode from 'vscode';
import type { Runtime } from '../runtime/runtimeApi';
import type { ConversationViews } from './conversationViews';
import { RETAIN_CONTEXT_WHEN_HIDDEN, TAB_VIEW_TYPE } from './webviewOptions';

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

/**
 * Registers `xdm.conversations` and the editor tabs' serializer at activation; the webviews behind them are built
 * from the runtime bundle the first time the view is shown, a tab is restored or something needs them.
 */
export function registerConversationsView(
  context: vscode.ExtensionContext,
  deps: { runtime: () => Promise<Runtime> },
): ConversationsView {
  let built: ConversationViews | undefined;
  let building: Promise<ConversationViews> | undefined;
  const views = (): Promise<ConversationViews> =>
    (building ??= deps.runtime().then(
      (runtime) => {
        built = runtime.createConversationViews();
        context.subscriptions.push(built);
        return built;
      },
      (error: unknown) => {
        // Tried again on the next use.
        building = undefined;
        throw error;
      },
    ));
  const lazyView: vscode.WebviewViewProvider = {
    // VS Code calls this when the view is first shown (and again after it was closed and reopened).
    resolveWebviewView: async (view, resolveContext) => (await views()).provider.resolveWebviewView(view, resolveContext),
  };
  const lazyTabs: vscode.WebviewPanelSerializer = {
    // VS Code calls this at startup for each conversation tab it restores from the previous session.
    deserializeWebviewPanel: async (panel, state) => (await views()).tabs.deserializeWebviewPanel(panel, state),
  };
  // The webview context menu runs `xdm.copyMessageText` and `xdm.deleteMessage` with each bubble's
  // `data-vscode-context` (src/protocol/messageCommandArgs.ts).
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider('xdm.conversations', lazyView, { webviewOptions: { retainContextWhenHidden: RETAIN_CONTEXT_WHEN_HIDDEN } }),
    vscode.window.registerWebviewPanelSerializer(TAB_VIEW_TYPE, lazyTabs),
  );
  // Build-time constant: false in production bundles, so this hook is not even in the shipped code.
  if (__XDM_TEST_HOOKS__ && context.extensionMode === vscode.ExtensionMode.Test) {
    // In-host suites cannot see the webview; this test-mode-only hook waits for its handshake and reports state.
    context.subscriptions.push(
      vscode.commands.registerCommand('xdm.test.panelSnapshot', async (options?: { wait?: boolean }) => {
        const { provider } = await views();
        if (options?.wait !== false) await provider.whenReady();
        return provider.snapshot();
      }),
    );
  }
  return {
    reveal: async (conversationId) => (await views()).provider.reveal(conversationId),
    openInEditor: async (conversationId) => (await views()).tabs.open(conversationId),
    // Nothing is visible before the webviews exist.
    get visibleConversationId() {
      return built?.provider.visibleConversationId ?? built?.tabs.activeConversationId;
    },
    whenReady: async () => (await views()).provider.whenReady(),
    forgetDrafts: async (userId) => (await views()).hub.forgetDrafts(userId),
    closeConversation: (conversationId) => built?.provider.closeConversation(conversationId),
  };
}
