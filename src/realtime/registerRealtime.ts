import type * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import { BearerStore } from './bearerStore';
import type { RealtimeCommandId } from '../commands/registerCommands';
import { realtimeCommandHandlers } from './realtimeCommands';
import { RealtimeController } from './realtimeController';

/**
 * Composition of real-time delivery over X's Activity API (runtime side); with the setting off it only answers its
 * commands, which activation registered (src/commands/registerCommands.ts).
 */
export function registerRealtime(
  context: vscode.ExtensionContext,
  deps: { accounts: Accounts; log: vscode.LogOutputChannel },
): { controller: RealtimeController; handlers: Record<RealtimeCommandId, () => Promise<void>> } {
  const store = new BearerStore(context.secrets, context.globalState);
  const userAgent = `x-direct-messages/${String(context.extension.packageJSON.version)} (VS Code extension)`;
  const controller = new RealtimeController(deps.accounts, store, deps.log, userAgent);
  context.subscriptions.push(controller);
  return { controller, handlers: realtimeCommandHandlers({ accounts: deps.accounts, store, controller, userAgent }) };
}
