// The xdm.x authentication provider inside a real extension host, against the X emulator: sessions seeded into
// the real SecretStorage (as the emulator's token endpoint issued them), refresh on 401 / on expiry / ahead of
// time, invalid_grant, revoke on sign-out, a corrupt secret, and the OAuth 1.0a access-token sign-in.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BASE_SCOPES, PROVIDER_ID } from '../../../src/auth/constants';
import type { StoredSession } from '../../../src/auth/sessions/session';
import { admin, CLIENT_ID, emulator, EXTENSION_ID, hook, issueSession, nextSessionChange, seed, waitFor } from '../support/authFixtures';

interface Stats {
  requests: Array<{ method: string; path: string; status: number }>;
}

async function usersMeStatus(headers: Record<string, string>): Promise<number> {
  return (await fetch(`${emulator}/2/users/me`, { headers })).status;
}

async function countRequests(method: string, path: string): Promise<number> {
  const stats = await admin<Stats>('GET', '/__admin/stats');
  return stats.requests.filter((r) => r.method === method && r.path === path).length;
}

async function storedSession(id: string): Promise<StoredSession | undefined> {
  return (await hook<StoredSession[]>({ op: 'sessions' })).find((s) => s.id === id);
}

suite('auth: xdm.x provider', () => {
  suiteSetup(async function () {
    if (!emulator) this.skip();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  setup(async () => {
    await admin('POST', '/__admin/reset', { preset: 'demo' });
    await hook({ op: 'writeRaw', value: undefined });
    await admin('DELETE', '/__admin/stats');
  });

  suiteTeardown(async () => {
    if (emulator) await hook({ op: 'writeRaw', value: undefined });
  });

  test('the provider and its commands are registered', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const id of ['xdm.signIn', 'xdm.signOut', 'xdm.signInWithAccessToken', 'xdm.copyCallbackUrl']) {
      assert.ok(commands.has(id), id);
    }
    assert.deepEqual(await vscode.authentication.getAccounts(PROVIDER_ID), []);
    assert.equal(await vscode.authentication.getSession(PROVIDER_ID, [...BASE_SCOPES], { silent: true }), undefined);
    assert.equal(await vscode.commands.executeCommand('xdm.copyCallbackUrl'), 'http://127.0.0.1:53682/callback');
  });

  test('Sign In without a client id explains the setup and opens the setting instead of failing', async () => {
    const config = vscode.workspace.getConfiguration('xdm');
    const before = config.inspect<string>('clientId')?.globalValue;
    await config.update('clientId', '', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const result = await vscode.commands.executeCommand('xdm.signIn');
      assert.equal(result, undefined);
      await waitFor(async () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Settings', 'the Settings editor');
      assert.deepEqual(await vscode.authentication.getAccounts(PROVIDER_ID), []);
    } finally {
      await config.update('clientId', before, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  test('a session issued by the emulator is read from SecretStorage and signs requests', async () => {
    const session = await issueSession();
    await seed([session]);
    // Silent getSession would return undefined here: VS Code lets an extension use a session only after its own
    // consent flow (createIfNone) granted access, and extension tests cannot show that dialog. The e2e covers it.
    const accounts = await vscode.authentication.getAccounts(PROVIDER_ID);
    assert.deepEqual(accounts.map((a) => ({ id: a.id, label: a.label })), [{ id: session.userId, label: `@${session.username}` }]);
    const headers = await hook<Record<string, string>>({ op: 'authorize', sessionId: session.id, url: `${emulator}/2/users/me` });
    assert.equal(headers.Authorization, `Bearer ${session.accessToken}`);
    assert.equal(await usersMeStatus(headers), 200);
    assert.equal(await countRequests('POST', '/2/oauth2/token'), 0, 'a fresh token is not refreshed');
  });

  test('a 401 after X expired the token (emulator clock) refreshes once and the retry succeeds', async () => {
    const session = await issueSession();
    await seed([session]);
    await admin('POST', '/__admin/clock', { advance_ms: 2 * 60 * 60 * 1000 + 1000 });
    const first = await hook<Record<string, string>>({ op: 'authorize', sessionId: session.id, url: `${emulator}/2/users/me` });
    assert.equal(await usersMeStatus(first), 401);
    const changed = nextSessionChange();
    const [a, b] = await Promise.all([
      hook<boolean>({ op: 'refreshAfterUnauthorized', sessionId: session.id }),
      hook<boolean>({ op: 'refreshAfterUnauthorized', sessionId: session.id }),
    ]);
    assert.deepEqual([a, b], [true, true]);
    await changed;
    assert.equal(await countRequests('POST', '/2/oauth2/token'), 1, 'two 401s, one refresh');
    const retry = await hook<Record<string, string>>({ op: 'authorize', sessionId: session.id, url: `${emulator}/2/users/me` });
    assert.notEqual(retry.Authorization, first.Authorization);
    assert.equal(await usersMeStatus(retry), 200);
    const stored = await storedSession(session.id);
    assert.ok(stored?.kind === 'oauth2');
    assert.notEqual(stored.refreshToken, session.refreshToken, 'the rotated refresh token was persisted');
    assert.equal(stored.accessToken, retry.Authorization?.replace('Bearer ', ''));
  });

  test('an expired session is refreshed before the request, and ahead of time at 2/3 of its lifetime', async () => {
    const now = Date.now();
    const expired = await issueSession({ id: 'it-expired', issuedAt: now - 7_300_000, expiresAt: now - 100_000 });
    await seed([expired]);
    const headers = await hook<Record<string, string>>({ op: 'authorize', sessionId: expired.id, url: `${emulator}/2/users/me` });
    assert.notEqual(headers.Authorization, `Bearer ${expired.accessToken}`);
    assert.equal(await usersMeStatus(headers), 200);
    const stats = await admin<Stats>('GET', '/__admin/stats');
    assert.deepEqual(
      stats.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['POST /2/oauth2/token 200', 'GET /2/users/me 200'],
      'refreshed first, no 401',
    );

    // Issued 5 s ago with a 9 s lifetime: the 2/3 point (6 s) comes 1 s from now.
    await admin('DELETE', '/__admin/stats');
    const soon = await issueSession({ id: 'it-soon', issuedAt: Date.now() - 5_000, expiresAt: Date.now() + 4_000 });
    await seed([soon]);
    await waitFor(async () => {
      const stored = await storedSession(soon.id);
      return stored?.kind === 'oauth2' && stored.accessToken !== soon.accessToken;
    }, 'the proactive refresh');
    assert.equal(await countRequests('POST', '/2/oauth2/token'), 1);
  });

  test('invalid_grant removes the session (user is asked to sign in again)', async () => {
    const session = await issueSession({ id: 'it-dead', issuedAt: Date.now() - 7_300_000, expiresAt: Date.now() - 1_000 });
    // Spend the refresh token elsewhere first, as another device would: X then answers invalid_grant.
    await fetch(`${emulator}/2/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken ?? '', client_id: CLIENT_ID }),
    });
    await seed([session]);
    const removed = nextSessionChange();
    await assert.rejects(hook({ op: 'authorize', sessionId: session.id, url: `${emulator}/2/users/me` }));
    await removed;
    assert.equal(await storedSession(session.id), undefined);
    assert.deepEqual(await vscode.authentication.getAccounts(PROVIDER_ID), []);
    assert.equal(await hook<boolean>({ op: 'refreshAfterUnauthorized', sessionId: session.id }), false);
  });

  test('network errors during refresh keep the session', async () => {
    const session = await issueSession({ id: 'it-flaky', issuedAt: Date.now() - 7_300_000, expiresAt: Date.now() - 1_000 });
    // The fault first: an expired session is renewed as soon as it is stored.
    await admin('POST', '/__admin/faults', { method: 'POST', path: '/2/oauth2/token', count: 1, status: 503 });
    await seed([session]);
    await assert.rejects(hook({ op: 'authorize', sessionId: session.id, url: `${emulator}/2/users/me` }));
    assert.ok(await storedSession(session.id), 'kept after a 503');
  });

  test('sign-out revokes the tokens at X and removes the session', async () => {
    const session = await issueSession();
    await seed([session]);
    const removed = nextSessionChange();
    // The archive answer is given through the test hook: the command itself always asks (a dialog tests cannot answer).
    const done = await hook<boolean>({ op: 'signOut', sessionId: session.id, keepArchive: true });
    assert.equal(done, true);
    await removed;
    assert.equal(await countRequests('POST', '/2/oauth2/revoke'), 2, 'refresh and access token revoked');
    assert.equal(await usersMeStatus({ Authorization: `Bearer ${session.accessToken}` }), 401);
    assert.deepEqual(await vscode.authentication.getAccounts(PROVIDER_ID), []);
    assert.equal(await hook<string | undefined>({ op: 'readRaw' }), undefined);
  });

  test('a corrupt secret is discarded; a bad entry does not cost the good ones', async () => {
    await hook({ op: 'writeRaw', value: '{"version":1,"sessions":' });
    assert.deepEqual(await vscode.authentication.getAccounts(PROVIDER_ID), []);
    assert.equal(await hook<string | undefined>({ op: 'readRaw' }), undefined, 'deleted');
    const good = await issueSession();
    const changed = nextSessionChange();
    await hook({
      op: 'writeRaw',
      value: JSON.stringify({ version: 1, sessions: [good, { kind: 'oauth2', id: 'broken' }] }),
    });
    await changed;
    assert.deepEqual((await hook<StoredSession[]>({ op: 'sessions' })).map((s) => s.id), [good.id]);
  });

  test('Sign In with Access Token (OAuth 1.0a) verifies with /2/users/me and signs requests', async () => {
    const changed = nextSessionChange();
    // Keys through the test hook (same verification, no consent dialog); the command takes no credentials.
    const sessionId = await hook<string | undefined>({
      op: 'signInWithAccessToken',
      credentials: {
        consumerKey: 'xdmEmulatorConsumerKey0001',
        consumerSecret: 'xdmEmulatorConsumerSecret000000000000000000000001',
        token: '1849302175620384768-xdmEmulatorAccessToken0000000001',
        tokenSecret: 'xdmEmulatorAccessTokenSecret0000000000000000001',
      },
    });
    assert.ok(sessionId);
    await changed;
    const accounts = await vscode.authentication.getAccounts(PROVIDER_ID);
    assert.deepEqual(accounts.map((a) => a.label), ['@you_dev']);
    const headers = await hook<Record<string, string>>({ op: 'authorize', sessionId, url: `${emulator}/2/users/me` });
    assert.match(headers.Authorization ?? '', /^OAuth oauth_consumer_key="xdmEmulatorConsumerKey0001"/);
    assert.equal(await usersMeStatus(headers), 200);
    const wrong = await hook<string | undefined>({
      op: 'signInWithAccessToken',
      credentials: {
        consumerKey: 'xdmEmulatorConsumerKey0001',
        consumerSecret: 'wrong-secret',
        token: '1849302175620384768-xdmEmulatorAccessToken0000000001',
        tokenSecret: 'xdmEmulatorAccessTokenSecret0000000000000000001',
      },
    });
    assert.equal(wrong, undefined, 'wrong keys are refused and not stored');
    assert.equal((await hook<StoredSession[]>({ op: 'sessions' })).length, 1);
  });
});
