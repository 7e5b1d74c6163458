import type * as vscode from 'vscode';
import type { Accounts, AccountContext } from '../accounts/accounts';

/**
 * What the commands need from the rest of the extension. `ConversationsViewPort` restates the members of the
 * panel's `ConversationsView` they use, so the commands do not depend on src/views.
 */
export interface ConversationsViewPort {
  reveal(conversationId?: string): Promise<void>;
  /** Opens the conversation in an editor tab (or reveals its tab); rejects an unknown id. */
  openInEditor(conversationId: string): Promise<void>;
  readonly visibleConversationId: string | undefined;
  whenReady(): Promise<void>;
  /** Back to the list if this conversation is the one open in the panel. */
  closeConversation?(conversationId: string): void;
}

export interface CommandDeps {
  accounts: Accounts;
  view: ConversationsViewPort;
  log: vscode.LogOutputChannel;
  clearCache: () => Promise<void>;
}

export type { AccountContext };
