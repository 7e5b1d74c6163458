import * as vscode from 'vscode';
import { AccountController } from './accounts/accountController';
import { registerAuthentication } from './auth/provider/registerAuthentication';
import { registerCommands } from './commands/registerCommands';
import { RuntimeLoader } from './runtime/loadRuntime';
import type { Runtime, RuntimeHost } from './runtime/runtimeApi';
import { registerConversationsView } from './views/registerConversationsView';

/**
 * Composition root: registers every contribution and builds the objects they share; nothing else happens here.
 * VS Code calls it once per window, after startup (`onStartupFinished`) or on first use of a contribution.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('X Direct Messages', { log: true });
  context.subscriptions.push(log);

  // The implementations behind the contributions load from dist/runtime.js on first use (src/runtime/loadRuntime.ts).
  const loader = new RuntimeLoader((): RuntimeHost => ({ context, accounts, view, log, clearCache: () => accounts.clearCurrentArchive() }));
  const runtime = (): Promise<Runtime> => loader.get();

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
    distDir: vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath,
    state: context.globalState,
    extensionVersion: String(context.extension.packageJSON.version),
    runtime,
  });
  context.subscriptions.push(accounts);

  const view = registerConversationsView(context, { runtime });
  registerCommands(context, { runtime, log });

  // Sessions are read after activate() returns: activation does no I/O of its own.
  void accounts.refresh();
  // A user-timing entry, so the footprint bench can read activate()'s own cost from inside the host.
  performance.measure('xdm.activate', { start: started });
}

/** VS Code calls this when the window closes or the extension is disabled; the subscriptions dispose everything. */
export function deactivate(): void {
  // Nothing beyond context.subscriptions.
}
