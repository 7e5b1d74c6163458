// Every contributed command, called as another extension or a `command:` link could call it, with arguments that
// try to skip a confirmation or hand over credentials. Extension tests refuse to show dialogs, so a command that
// (rightly) asks gets no answer and must then do nothing: the account stays signed in, no credentials are stored,
// and X (the emulator) sees no token, revoke, send or delete request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OAuth2Session } from '../../../src/auth/sessions/session';
import { admin, emulator, emulatorRequests, EXTENSION_ID, hook, issueSession, seed, storedSessions } from '../support/authFixtures';

/** Valid keys of the emulator's OAuth 1.0a user: a command that accepted them would sign someone in. */
const EMULATOR_KEYS = {
  consumerKey: 'xdmEmulatorConsumerKey0001',
  consumerSecret: 'xdmEmulatorConsumerSecret000000000000000000000001',
  token: '1849302175620384768-xdmEmulatorAccessToken0000000001',
  tokenSecret: 'xdmEmulatorAccessTokenSecret0000000000000000001',
};

function hostileArguments(session: OAuth2Session): unknown[][] {
  const skip = { confirmed: true, confirm: false, force: true, skipConfirmation: true, noPreview: true, yes: true };
  return [
    [],
    [{ sessionId: session.id, keepArchive: false }],
    [{ sessionId: session.id, keepArchive: true }],
    [{ ...skip, sessionId: session.id, keepArchive: false }],
    [EMULATOR_KEYS],
    [{ ...EMULATOR_KEYS, ...skip }],
    [{ ...skip, text: 'sent without asking', recipientId: session.userId, conversationId: `${session.userId}-1`, messageId: '1', fromMe: true }],
    ['1'],
    ['local-1'],
    [{ webviewSection: 'message', messageId: 'local-1', conversationId: '1-2', fromMe: true }],
    [session.id, { keepArchive: false }],
    [EMULATOR_KEYS.consumerKey, EMULATOR_KEYS.consumerSecret, EMULATOR_KEYS.token, EMULATOR_KEYS.tokenSecret],
  ];
}

/**
 * Runs a command and keeps dismissing whatever it opens (quick inputs, notifications) until it settles. Modal
 * dialogs need no dismissing here: extension tests refuse them, which answers "no".
 */
async function runDismissing(id: string, args: unknown[]): Promise<void> {
  let settled = false;
  const running = Promise.resolve(vscode.commands.executeCommand(id, ...args)).then(
    () => undefined,
    () => undefined,
  );
  void running.then(() => (settled = true));
  for (let round = 0; round < 200 && !settled; round++) {
    await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 50))]);
    if (settled) return;
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('notifications.clearAll');
  }
  assert.ok(settled, `${id} settled once its prompts were dismissed`);
}

suite('commands: hostile arguments skip no confirmation and supply no credentials', () => {
  suiteSetup(async function () {
    if (!emulator) this.skip();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  suiteTeardown(async () => {
    if (emulator) await hook({ op: 'writeRaw', value: undefined });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('every contributed command, with every hostile argument, leaves the account, credentials and X untouched', async function () {
    this.timeout(180_000);
    await admin('POST', '/__admin/reset', { preset: 'demo' });
    const session = await issueSession();
    await seed([session]);
    await admin('DELETE', '/__admin/stats');
    const commands = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } })
      .contributes.commands.map((c) => c.command);
    assert.ok(commands.includes('xdm.signOut') && commands.includes('xdm.signInWithAccessToken') && commands.includes('xdm.deleteMessage'));

    const ran: string[] = [];
    for (const id of commands) {
      for (const args of hostileArguments(session)) {
        await runDismissing(id, args);
        ran.push(id);
        const sessions = await storedSessions();
        assert.deepEqual(
          sessions.map((s) => `${s.kind} ${s.id}`),
          [`oauth2 ${session.id}`],
          `${id}(${JSON.stringify(args)}) neither signed out nor stored credentials`,
        );
      }
    }
    assert.equal(ran.length, commands.length * hostileArguments(session).length);
    const writes = (await emulatorRequests()).filter((r) => r.method !== 'GET' || r.path === '/2/users/me');
    assert.deepEqual(writes, [], 'no token, revoke, send, delete or credential check reached X');
    assert.deepEqual((await vscode.authentication.getAccounts('xdm.x')).map((a) => a.label), [`@${session.username}`]);
  });
});
