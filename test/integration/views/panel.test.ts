// The panel inside a real VS Code: the webview view resolves, loads its locked-down document and completes the
// ready handshake with the host (proves the bundle, CSP, nonce and localResourceRoots work together).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

interface PanelSnapshot {
  readyCount: number;
  unacknowledged: number;
  ready: boolean;
  visible: boolean;
  rejectedMessages: number;
  lastRejection?: string;
  screen: string;
}

function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    Promise.resolve(promise),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
  ]);
}

suite('views: conversations panel', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('xdm.x-direct-messages')?.activate();
  });

  test('the view resolves and its webview reports ready', async () => {
    await vscode.commands.executeCommand('xdm.conversations.focus');
    const snapshot = await withTimeout(vscode.commands.executeCommand<PanelSnapshot>('xdm.test.panelSnapshot'), 15_000, 'the ready handshake');
    assert.equal(snapshot.ready, true);
    assert.equal(snapshot.visible, true);
    assert.equal(snapshot.rejectedMessages, 0, `the webview sent nothing the host had to reject (last: ${snapshot.lastRejection})`);
    assert.ok(['signedOut', 'notConfigured', 'signedIn'].includes(snapshot.screen), snapshot.screen);
  });

  test('after hiding and showing the view, the webview still talks to the host', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('xdm.conversations.focus');
    const snapshot = await withTimeout(vscode.commands.executeCommand<PanelSnapshot>('xdm.test.panelSnapshot'), 15_000, 'the second handshake');
    assert.equal(snapshot.ready, true);
    assert.equal(snapshot.rejectedMessages, 0, `last rejected: ${snapshot.lastRejection}`);
  });

  test('an open sent between Developer: Reload Webviews and the new document\'s ready is acknowledged by that document', async () => {
    await vscode.commands.executeCommand('xdm.conversations.focus');
    const before = await withTimeout(vscode.commands.executeCommand<PanelSnapshot>('xdm.test.panelSnapshot'), 15_000, 'the handshake');
    // VS Code replaces the document without telling the extension: the host still takes the old one as ready, so
    // this `open` is posted at once, while the new document is loading.
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await vscode.commands.executeCommand('xdm.openConversation', '1-2');
    let after = before;
    for (let polls = 0; polls < 150 && (after.readyCount === before.readyCount || after.unacknowledged > 0); polls++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await vscode.commands.executeCommand<PanelSnapshot>('xdm.test.panelSnapshot', { wait: false });
    }
    assert.equal(after.readyCount, before.readyCount + 1, 'the reloaded document said ready once');
    assert.equal(after.unacknowledged, 0, 'the open reached the new document, which acknowledged it');
    assert.equal(after.rejectedMessages, 0, `its ready and acknowledgement passed the schemas (last: ${after.lastRejection})`);
  });
});
