import type * as vscode from 'vscode';
import type { AuthStrategy } from '../api/authStrategy';
import type { AccountContext, AccountRef, Accounts } from '../accounts/accounts';
import type { CommandId } from '../commands/registerCommands';
import type { ConversationsView } from '../views/registerConversationsView';
import type { ConversationViews } from '../views/conversationViews';

/**
 * The seam between the activation bundle (dist/extension.js) and the lazily loaded runtime (dist/runtime.js).
 * Types only: the activation side imports this file with `import type`, so nothing behind it is bundled there.
 */

/** What the activation side hands the runtime when it is first loaded. */
export interface RuntimeHost {
  readonly context: vscode.ExtensionContext;
  readonly accounts: Accounts;
  readonly view: ConversationsView;
  readonly log: vscode.LogOutputChannel;
  clearCache(): Promise<void>;
}

/** Everything the runtime needs to build one signed-in account's client and DM service. */
export interface AccountContextInput {
  account: AccountRef;
  auth: AuthStrategy;
  apiBaseUrl: string;
  /** X Chat (end-to-end encrypted DMs) takes OAuth 2.0 user tokens only. */
  signIn: 'oauth2' | 'oauth1';
  /** The extension's `dist` folder: the X Chat engine worker and its WASM files are loaded from there. */
  distDir: string;
  /** The account's archive folder; undefined keeps its messages in memory (`xdm.cache.enabled` off). */
  archiveDir: vscode.Uri | undefined;
  pollIntervalSeconds: number;
  extensionVersion: string;
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
}

/** The runtime once started: the implementations behind the contributions that activation registered. */
export interface Runtime {
  /** Builds the account's API client and DM service and starts its first sync. */
  createAccountContext(input: AccountContextInput): AccountContext;
  deleteArchive(dir: vscode.Uri): Promise<void>;
  /** Runs one of `commandIds`; its errors reach the boundary in src/commands/registerCommands.ts. */
  runCommand(id: CommandId, args: unknown[]): Promise<void>;
  /** The sidebar view and editor tabs of the conversations feature; built once, on their first use. */
  createConversationViews(): ConversationViews;
}
