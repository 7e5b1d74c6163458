// Copy Message Text copies the archived text of the message its argument names by id (unit-tested with the archive
// in test/unit/commands/findMessage.test.ts), never text the argument carries: another extension or a `command:`
// link could put anything there. In-host: whatever the argument says, the clipboard keeps what the user copied.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../support/authFixtures';

/** Runs the command to its end, dismissing the notice (or sign-in prompt) it shows when it copies nothing. */
async function copy(arg: unknown): Promise<void> {
  let settled = false;
  const running = Promise.resolve(vscode.commands.executeCommand('xdm.copyMessageText', arg)).finally(() => (settled = true));
  while (!settled) {
    await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 250))]);
    if (!settled) await vscode.commands.executeCommand('notifications.clearAll');
  }
}

suite('commands: Copy Message Text', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  test('text carried by the argument never reaches the clipboard', async () => {
    await vscode.env.clipboard.writeText('what the user copied before');
    await copy({ webviewSection: 'message', messageId: '999999', conversationId: '1-2', text: 'text the user never saw' });
    await copy({ text: 'text the user never saw' });
    await copy('text the user never saw');
    assert.equal(await vscode.env.clipboard.readText(), 'what the user copied before');
  });
});
