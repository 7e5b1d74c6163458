// Editor tabs inside a real VS Code: the command, its menus and the activation event that lets VS Code restore tabs
// after a reload are wired (the tabs themselves are driven through the UI in test/e2e/editorTab.e2e.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('views: conversation editor tabs', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('xdm.x-direct-messages')?.activate();
  });

  test('Open Conversation in Editor is registered and offered in the palette only when signed in', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('xdm.openConversationInEditor'));
    const manifest = vscode.extensions.getExtension('xdm.x-direct-messages')?.packageJSON as {
      activationEvents: string[];
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    assert.ok(manifest.activationEvents.includes('onWebviewPanel:xdm.conversation'), 'tabs are restored without waiting for startup');
    assert.equal(manifest.contributes.menus.commandPalette.find((m) => m.command === 'xdm.openConversationInEditor')?.when, 'xdm:signedIn');
    const row = manifest.contributes.menus['webview/context'].find((m) => m.command === 'xdm.openConversationInEditor');
    assert.match(row?.when ?? '', /webviewSection == 'conversation'/);
  });
});
