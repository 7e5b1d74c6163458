import * as vscode from 'vscode';
import { AccountController } from './accounts/accountController';
import { registerAuthentication } from './auth/registerAuthentication';
import { registerCommands } from './commands/registerCommands';
import { registerNotifications } from './notify/registerNotifications';
import { registerRealtime } from './realtime/registerRealtime';
import { registerConversationsView } from './views/registerConversationsView';

/** Composition root: builds the extension's objects and registers them; nothing else happens here. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('X Direct Messages', { log: true });
  context.subscriptions.push(log);

  // The sign-out hook needs the accounts and the view, built below; it only runs after activation.
  const auth = registerAuthentication(context, {
    log,
    onSignedOut: async (userId, options) => {
      try {
        await accounts.onSignedOut(userId, options);
      } finally {
        if (!options.keepArchive) await view.forgetDrafts(userId);
      }
    },
  });
  const accounts = new AccountController(auth, {
    log,
    globalStorage: context.globalStorageUri,
    state: context.globalState,
    extensionVersion: String(context.extension.packageJSON.version),
  });
  context.subscriptions.push(accounts);

  const view = registerConversationsView(context, { accounts, log });
  registerCommands(context, { accounts, view, log, clearCache: () => accounts.clearCurrentArchive() });
  registerNotifications(context, { accounts, view, log });
  registerRealtime(context, { accounts, log });

  // Sessions are read after activate() returns: activation does no I/O of its own.
  void accounts.refresh();
  // A user-timing entry, so the footprint bench can read activate()'s own cost from inside the host.
  performance.measure('xdm.activate', { start: started });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
