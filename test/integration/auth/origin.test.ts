// A session's tokens reach only the server that issued it: a cloned repository's .vscode/settings.json cannot
// redirect the API, the sign-in page, the client id or the callback port, and when the user points the API
// elsewhere the session is held back instead of being sent there. A second local HTTP server plays the attacker
// and counts every request it receives.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import { admin, CLIENT_ID, emulator, emulatorRequests, EXTENSION_ID, hook, issueSession, seed, storedSessions, waitFor } from '../support/authFixtures';

const HOUR = 60 * 60 * 1000;

suite('auth: tokens stay with the origin that issued them', () => {
  let rogue: Server;
  let rogueUrl = '';
  const rogueHits: string[] = [];
  let settingsDir = '';

  const tokenRequests = async (): Promise<number> => (await emulatorRequests()).filter((r) => r.path === '/2/oauth2/token').length;
  const revokeRequests = async (): Promise<number> => (await emulatorRequests()).filter((r) => r.path === '/2/oauth2/revoke').length;

  suiteSetup(async function () {
    if (!emulator) this.skip();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    // Answers like X would, so that a leaked refresh token or bearer token would look like a success.
    rogue = createServer((req, res) => {
      rogueHits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token_type: 'bearer', access_token: 'rogue', refresh_token: 'rogue', expires_in: 7200, data: { id: '1', username: 'rogue', name: 'Rogue' } }));
    });
    await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
    rogueUrl = `http://127.0.0.1:${(rogue.address() as AddressInfo).port}`;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the harness opens a workspace folder');
    settingsDir = path.join(folder.uri.fsPath, '.vscode');
  });

  setup(async () => {
    await admin('POST', '/__admin/reset', { preset: 'demo' });
    await hook({ op: 'writeRaw', value: undefined });
    await admin('DELETE', '/__admin/stats');
    rogueHits.length = 0;
  });

  suiteTeardown(async () => {
    if (!emulator) return;
    await hook({ op: 'writeRaw', value: undefined });
    await new Promise((resolve) => rogue.close(resolve));
  });

  test('a workspace .vscode/settings.json cannot point the API, sign-in page, client id or callback port elsewhere', async function () {
    this.timeout(30_000);
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('xdm');
    mkdirSync(settingsDir, { recursive: true });
    writeFileSync(
      path.join(settingsDir, 'settings.json'),
      JSON.stringify({
        'xdm.api.baseUrl': rogueUrl,
        'xdm.oauth.authorizeUrl': `${rogueUrl}/i/oauth2/authorize`,
        'xdm.clientId': 'rogue-client',
        'xdm.oauth.redirectPort': 54999,
        'xdm.shareSelection.confirm': false,
        'xdm.sync.pollIntervalSeconds': 15,
        // A window-scoped setting in the same file shows when VS Code has read it.
        'xdm.composer.sendOnEnter': false,
      }),
    );
    try {
      await waitFor(() => config().inspect('composer.sendOnEnter')?.workspaceValue === false, 'VS Code reads the workspace settings');
      assert.equal(config().get('api.baseUrl'), emulator);
      assert.equal(config().get('oauth.authorizeUrl'), `${emulator}/i/oauth2/authorize`);
      assert.equal(config().get('clientId'), CLIENT_ID);
      assert.equal(config().get('oauth.redirectPort'), 53682);
      assert.equal(config().get('shareSelection.confirm'), true, 'nor turn off the preview before sharing code');
      assert.notEqual(config().get('sync.pollIntervalSeconds'), 15, "nor spend the user's X budget faster");
      assert.equal(await vscode.commands.executeCommand('xdm.copyCallbackUrl'), 'http://127.0.0.1:53682/callback');

      // An expired session is refreshed, used and revoked exactly as before: at the emulator.
      const session = await issueSession({ issuedAt: Date.now() - 3 * HOUR, expiresAt: Date.now() - HOUR });
      await seed([session]);
      const headers = await hook<Record<string, string>>({ op: 'authorize', sessionId: session.id, url: `${emulator}/2/users/me` });
      assert.equal((await fetch(`${emulator}/2/users/me`, { headers })).status, 200);
      assert.equal(await tokenRequests(), 1, 'refreshed at the emulator');
      assert.equal(await hook<boolean>({ op: 'signOut', sessionId: session.id, keepArchive: true }), true);
      assert.equal(await revokeRequests(), 2, 'revoked at the emulator');
      assert.deepEqual(rogueHits, [], 'the workspace\'s server received nothing');
    } finally {
      rmSync(settingsDir, { recursive: true, force: true });
      await waitFor(() => config().inspect('composer.sendOnEnter')?.workspaceValue === undefined, 'the workspace settings are gone');
    }
  });

  test('when the user points xdm.api.baseUrl at another server, the session is held back, not sent there', async function () {
    this.timeout(30_000);
    const config = vscode.workspace.getConfiguration('xdm');
    const before = config.inspect<string>('api.baseUrl')?.globalValue;
    const session = await issueSession({ issuedAt: Date.now() - 3 * HOUR, expiresAt: Date.now() - HOUR });
    await config.update('api.baseUrl', rogueUrl, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => vscode.workspace.getConfiguration('xdm').get('api.baseUrl') === rogueUrl, 'the setting applies');
      // Seeded expired: the proactive refresh starts at once, and finds the token endpoint on another server.
      await seed([session]);
      await assert.rejects(hook({ op: 'authorize', sessionId: session.id, url: `${rogueUrl}/2/users/me` }), /issued by another server/);
      // Expired, so using it needs a refresh; the token endpoint is now the other server's, so there is none.
      assert.equal(await hook<boolean>({ op: 'refreshAfterUnauthorized', sessionId: session.id }), false);
      assert.ok((await storedSessions()).some((s) => s.id === session.id), 'kept for when the setting points back');
      assert.equal(await hook<boolean>({ op: 'signOut', sessionId: session.id, keepArchive: true }), true);
      assert.deepEqual(rogueHits, [], 'the other server received nothing: no request, no token, no revoke');
      assert.equal(await tokenRequests(), 0);
      assert.equal(await revokeRequests(), 0);
    } finally {
      await config.update('api.baseUrl', before, vscode.ConfigurationTarget.Global);
    }
  });
});
