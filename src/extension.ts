import * as vscode from 'vscode';

/** Composition root: builds the extension's objects and registers them; nothing else happens here. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('X Direct Messages', { log: true });
  context.subscriptions.push(log);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
