// Copy Message Text puts on the clipboard the archived text of the message its argument names by id, and never
// text that the argument itself carries (another extension or a `command:` link could put anything there).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { admin, emulator, EXTENSION_ID, hook, issueSession, seed, waitFor } from '../support/authFixtures';

suite('commands: Copy Message Text', () => {
  suiteSetup(async function () {
    if (!emulator) this.skip();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  suiteTeardown(async () => {
    if (emulator) await hook({ op: 'writeRaw', value: undefined });
  });

  test('copies the archived message named by id, never the text its caller passed', async function () {
    this.timeout(60_000);
    await admin('POST', '/__admin/reset', { preset: 'demo' });
    const users = await admin<{ id: string; username: string; me: boolean }[]>('GET', '/__admin/users');
    const sender = users.find((u) => !u.me);
    assert.ok(sender, 'the demo preset has someone to write to me');
    const text = `Copy me exactly ${Date.now()}`;
    const sent = await admin<{ dm_event_id: string; dm_conversation_id: string }>('POST', '/__admin/messages', { from_user_id: sender.id, text });
    // Signed in after the message arrived: the first sync brings it into the archive.
    await seed([await issueSession()]);
    const named = { webviewSection: 'message', messageId: sent.dm_event_id, conversationId: sent.dm_conversation_id };
    await waitFor(
      async () => {
        await vscode.env.clipboard.writeText('');
        await vscode.commands.executeCommand('xdm.copyMessageText', named);
        if ((await vscode.env.clipboard.readText()) === text) return true;
        // Not synced yet: the command said so; look again in a moment.
        await vscode.commands.executeCommand('notifications.clearAll');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return false;
      },
      'the synced message is copied by its id',
      45_000,
    );

    await vscode.env.clipboard.writeText('what the user copied before');
    await vscode.commands.executeCommand('xdm.copyMessageText', { ...named, messageId: '999999', text: 'text the user never saw' });
    await vscode.commands.executeCommand('xdm.copyMessageText', 'text the user never saw');
    await vscode.commands.executeCommand('xdm.copyMessageText', { text: 'text the user never saw' });
    assert.equal(await vscode.env.clipboard.readText(), 'what the user copied before');
    // With the right id, the archive's text wins over whatever text the argument carries.
    await vscode.commands.executeCommand('xdm.copyMessageText', { ...named, text: 'text the user never saw' });
    assert.equal(await vscode.env.clipboard.readText(), text);
  });
});
