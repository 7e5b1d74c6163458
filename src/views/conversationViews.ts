import type * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import { ConversationTabs } from './conversationTabs';
import { ConversationsViewProvider } from './conversationsViewProvider';
import { WebviewHub } from './webviewHub';

/** The conversations feature's webviews: one hub shared by the sidebar view and every editor tab. */
export interface ConversationViews extends vscode.Disposable {
  readonly hub: WebviewHub;
  readonly provider: ConversationsViewProvider;
  readonly tabs: ConversationTabs;
}

/** Built by the runtime bundle on the first use of the view, a tab or a command that reveals one. */
export function createConversationViews(context: vscode.ExtensionContext, accounts: Accounts, log: vscode.LogOutputChannel): ConversationViews {
  const hub = new WebviewHub(context, accounts, log);
  const provider: ConversationsViewProvider = new ConversationsViewProvider(hub, (id) => tabs.open(id));
  const tabs: ConversationTabs = new ConversationTabs(hub, (id) => provider.reveal(id));
  return {
    hub,
    provider,
    tabs,
    dispose: () => {
      tabs.dispose();
      provider.dispose();
      hub.dispose();
    },
  };
}
