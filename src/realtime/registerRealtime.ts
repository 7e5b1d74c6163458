import type * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import { BearerStore } from './bearerStore';
import { registerRealtimeCommands } from './realtimeCommands';
import { RealtimeController } from './realtimeController';

/** Composition of real-time delivery over X's Activity API; with the setting off it only registers its commands. */
export function registerRealtime(context: vscode.ExtensionContext, deps: { accounts: Accounts; log: vscode.LogOutputChannel }): RealtimeController {
  const store = new BearerStore(context.secrets, context.globalState);
  const userAgent = `x-direct-messages/${String(context.extension.packageJSON.version)} (VS Code extension)`;
  const controller = new RealtimeController(deps.accounts, store, deps.log, userAgent);
  context.subscriptions.push(controller, ...registerRealtimeCommands({ accounts: deps.accounts, store, controller, userAgent }));
  return controller;
}
