import * as vscode from 'vscode';
import type { Runtime } from '../runtime/runtimeApi';
import type { ConversationsViewProvider } from './conversationsViewProvider';
import { RETAIN_CONTEXT_WHEN_HIDDEN } from './webviewOptions';

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

/**
 * Registers `xdm.conversations` at activation; the provider itself is built from the runtime bundle the first time
 * the view is shown or something needs it.
 */
export function registerConversationsView(
  context: vscode.ExtensionContext,
  deps: { runtime: () => Promise<Runtime> },
): ConversationsView {
  let built: ConversationsViewProvider | undefined;
  let building: Promise<ConversationsViewProvider> | undefined;
  const provider = (): Promise<ConversationsViewProvider> =>
    (building ??= deps.runtime().then(
      (runtime) => {
        built = runtime.createConversationsViewProvider();
        context.subscriptions.push(built);
        return built;
      },
      (error: unknown) => {
        // Tried again on the next use.
        building = undefined;
        throw error;
      },
    ));
  const lazy: vscode.WebviewViewProvider = {
    // VS Code calls this when the view is first shown (and again after it was closed and reopened).
    resolveWebviewView: async (view, resolveContext) => (await provider()).resolveWebviewView(view, resolveContext),
  };
  // The webview context menu (Copy Message Text, Delete Message) runs `xdm.copyMessageText` and `xdm.deleteMessage`
  // with each bubble's `data-vscode-context` (src/protocol/messageCommandArgs.ts).
  context.subscriptions.push(vscode.window.registerWebviewViewProvider('xdm.conversations', lazy, { webviewOptions: { retainContextWhenHidden: RETAIN_CONTEXT_WHEN_HIDDEN } }));
  // Build-time constant: false in production bundles, so this hook is not even in the shipped code.
  if (__XDM_TEST_HOOKS__ && context.extensionMode === vscode.ExtensionMode.Test) {
    // In-host suites cannot see the webview; this test-mode-only hook waits for its handshake and reports state.
    context.subscriptions.push(
      vscode.commands.registerCommand('xdm.test.panelSnapshot', async (options?: { wait?: boolean }) => {
        const panel = await provider();
        if (options?.wait !== false) await panel.whenReady();
        return panel.snapshot();
      }),
    );
  }
  return {
    reveal: async (conversationId) => (await provider()).reveal(conversationId),
    // Nothing is visible before the provider exists.
    get visibleConversationId() {
      return built?.visibleConversationId;
    },
    whenReady: async () => (await provider()).whenReady(),
    forgetDrafts: async (userId) => (await provider()).forgetDrafts(userId),
    closeConversation: (conversationId) => built?.closeConversation(conversationId),
  };
}
