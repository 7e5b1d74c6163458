// Two windows of one machine renewing the same X session: the code-server model (secrets per browser tab, no
// cross-tab events) and the desktop model (one shared SecretStorage with change events).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { SESSIONS_SECRET_KEY, sessionSecretKey } from '../../../src/auth/constants';
import { RefreshCoordinator } from '../../../src/auth/refresh/coordinator';
import type { OAuth2Session, StoredSession } from '../../../src/auth/sessions/session';
import { serializeSessionDocument } from '../../../src/auth/sessions/session';
import { parseRecord } from '../../../src/auth/sessions/records';
import type { SecretStorageLike } from '../../../src/auth/sessions/store';
import { SessionStore } from '../../../src/auth/sessions/store';
import { SharedAuthState } from '../../../src/auth/sessions/sharedState';
import { FakeClock, FakeSecrets, FakeTokenEndpoint, MemoryLogger, SharedBlob, TabSecrets, oauth2Session, settle } from './fakes';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function globalStorage(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xdm-windows-'));
  dirs.push(dir);
  return dir;
}

interface Window {
  store: SessionStore;
  coordinator: RefreshCoordinator;
  expired: OAuth2Session[];
  elsewhere: OAuth2Session[];
}

async function openWindow(secrets: SecretStorageLike, dir: string, clock: FakeClock, x: FakeTokenEndpoint): Promise<Window> {
  const log = new MemoryLogger();
  const store = new SessionStore(secrets, log, new SharedAuthState({ dir, clock, log, pollMs: 50 }));
  await settle(clock, store.ready());
  const expired: OAuth2Session[] = [];
  const elsewhere: OAuth2Session[] = [];
  const coordinator = new RefreshCoordinator({
    store,
    tokens: x,
    clock,
    log,
    onExpired: (s) => expired.push(s),
    onSignedInElsewhere: (s) => elsewhere.push(s),
    jitter: () => 0,
    invalidGrantGraceMs: 0,
  });
  return { store, coordinator, expired, elsewhere };
}

/** A session whose access token expired a moment ago (the clock of both windows is past its expiry). */
function expiredSession(clock: FakeClock, overrides: Partial<OAuth2Session> = {}): OAuth2Session {
  return oauth2Session({ issuedAt: clock.now() - 7_300_000, expiresAt: clock.now() - 100_000, ...overrides }, clock.now());
}

function accessTokenOf(session: StoredSession | undefined): string | undefined {
  return session?.kind === 'oauth2' ? session.accessToken : undefined;
}

function storedAccessToken(values: Map<string, string>, id = 'session-1'): string | undefined {
  const record = parseRecord(values.get(sessionSecretKey(id)), id);
  return record.status === 'ok' ? accessTokenOf(record.value.session) : undefined;
}

test('code-server: the window that lost the race does not spend the rotated token, is not signed out, and has the new tokens after a reload', async () => {
  const clock = new FakeClock();
  const blob = new SharedBlob();
  blob.value.set(SESSIONS_SECRET_KEY, serializeSessionDocument([expiredSession(clock)]));
  const dir = await globalStorage();
  const x = new FakeTokenEndpoint();
  const a = await openWindow(new TabSecrets(blob), dir, clock, x);
  const b = await openWindow(new TabSecrets(blob), dir, clock, x);

  assert.equal(await settle(clock, a.coordinator.accessToken('session-1')), 'access-2');
  await assert.rejects(settle(clock, b.coordinator.accessToken('session-1')), (error: unknown) => {
    assert.equal((error as { reloadWindow?: boolean }).reloadWindow, true, 'offers Reload Window, not Sign In');
    return true;
  });
  // A 401 in window B (its old access token) gets the same answer, not "sign in again".
  await assert.rejects(settle(clock, b.coordinator.refreshAfterUnauthorized('session-1', 'access-1')), { reloadWindow: true });

  assert.deepEqual({ grants: x.grants, invalidGrants: x.invalidGrants }, { grants: 1, invalidGrants: 0 });
  assert.ok(b.store.get('session-1'), 'window B still has the session (not signed out)');
  assert.equal(b.expired.length, 0, 'nobody is asked to sign in again');
  assert.equal(b.elsewhere.length, 1, 'window B is told once that another window renewed the sign-in');
  assert.equal(storedAccessToken(blob.value), 'access-2', "window B did not overwrite A's rotated tokens");

  const reloaded = await openWindow(new TabSecrets(blob), dir, clock, x);
  assert.equal(await settle(clock, reloaded.coordinator.accessToken('session-1')), 'access-2');
  assert.equal(x.grants, 1);
  for (const w of [a, b, reloaded]) w.coordinator.dispose();
});

test('code-server: both windows renewing at once make one grant and no invalid_grant', async () => {
  const clock = new FakeClock();
  const blob = new SharedBlob();
  blob.value.set(SESSIONS_SECRET_KEY, serializeSessionDocument([expiredSession(clock)]));
  const dir = await globalStorage();
  const x = new FakeTokenEndpoint();
  const a = await openWindow(new TabSecrets(blob), dir, clock, x);
  const b = await openWindow(new TabSecrets(blob), dir, clock, x);
  const results = await settle(
    clock,
    Promise.allSettled([a.coordinator.accessToken('session-1'), b.coordinator.accessToken('session-1')]),
  );
  assert.deepEqual({ grants: x.grants, invalidGrants: x.invalidGrants }, { grants: 1, invalidGrants: 0 });
  assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value === 'access-2').length, 1);
  const loser = results.find((r) => r.status === 'rejected');
  assert.equal((loser as PromiseRejectedResult | undefined)?.reason?.reloadWindow, true);
  assert.ok(a.store.get('session-1') && b.store.get('session-1'), 'neither window signed out');
  assert.equal(a.expired.length + b.expired.length, 0);
  assert.equal(storedAccessToken(blob.value), 'access-2');
  for (const w of [a, b]) w.coordinator.dispose();
});

test('desktop: the other window adopts the renewed tokens without a grant or a reload', async () => {
  const clock = new FakeClock();
  const secrets = new FakeSecrets();
  secrets.values.set(SESSIONS_SECRET_KEY, serializeSessionDocument([expiredSession(clock)]));
  const dir = await globalStorage();
  const x = new FakeTokenEndpoint();
  const a = await openWindow(secrets, dir, clock, x);
  const b = await openWindow(secrets, dir, clock, x);
  const tokens = await settle(clock, Promise.all([a.coordinator.accessToken('session-1'), b.coordinator.accessToken('session-1')]));
  assert.deepEqual(tokens, ['access-2', 'access-2']);
  assert.deepEqual({ grants: x.grants, invalidGrants: x.invalidGrants }, { grants: 1, invalidGrants: 0 });
  assert.equal(a.elsewhere.length + b.elsewhere.length, 0, 'no reload needed where secrets reach every window');
  for (const w of [a, b]) w.coordinator.dispose();
});

test('desktop: two windows renewing different accounts keep both rotations', async () => {
  const clock = new FakeClock();
  const secrets = new FakeSecrets();
  const ada = expiredSession(clock);
  const grace = expiredSession(clock, { id: 'session-2', userId: '1002', username: 'grace', refreshToken: 'grace-1' });
  secrets.values.set(SESSIONS_SECRET_KEY, serializeSessionDocument([ada, grace]));
  const dir = await globalStorage();
  const x = new FakeTokenEndpoint();
  let graceGrants = 0;
  const endpoint = Object.assign(Object.create(x) as FakeTokenEndpoint, {
    refresh: async (input: { refreshToken: string; clientId: string }) => {
      if (!input.refreshToken.startsWith('grace')) return x.refresh(input);
      graceGrants++;
      return { accessToken: 'grace-access-2', refreshToken: 'grace-2', expiresIn: 7200, scopes: [] };
    },
  });
  const a = await openWindow(secrets, dir, clock, endpoint);
  const b = await openWindow(secrets, dir, clock, endpoint);
  await settle(clock, Promise.all([a.coordinator.accessToken('session-1'), b.coordinator.accessToken('session-2')]));
  assert.deepEqual([x.grants, graceGrants], [1, 1]);
  assert.equal(storedAccessToken(secrets.values, 'session-1'), 'access-2');
  assert.equal(storedAccessToken(secrets.values, 'session-2'), 'grace-access-2');
  const reopened = await openWindow(secrets, dir, clock, endpoint);
  assert.deepEqual(reopened.store.all().map((s) => accessTokenOf(s)).sort(), ['access-2', 'grace-access-2']);
  for (const w of [a, b, reopened]) w.coordinator.dispose();
});

test('a refresh token refused with no other window involved still ends the session once', async () => {
  const clock = new FakeClock();
  const blob = new SharedBlob();
  blob.value.set(SESSIONS_SECRET_KEY, serializeSessionDocument([expiredSession(clock, { refreshToken: 'revoked' })]));
  const dir = await globalStorage();
  const x = new FakeTokenEndpoint();
  const a = await openWindow(new TabSecrets(blob), dir, clock, x);
  await assert.rejects(settle(clock, a.coordinator.accessToken('session-1')));
  assert.equal(a.store.get('session-1'), undefined);
  assert.equal(a.expired.length, 1);
  assert.equal(a.elsewhere.length, 0);
  a.coordinator.dispose();
});

test('code-server: after the other window renewed ahead of time, this one keeps its valid token and asks for a reload only when it runs out', async () => {
  const clock = new FakeClock();
  const blob = new SharedBlob();
  blob.value.set(SESSIONS_SECRET_KEY, serializeSessionDocument([oauth2Session({}, clock.now())]));
  const dir = await globalStorage();
  const x = new FakeTokenEndpoint();
  const a = await openWindow(new TabSecrets(blob), dir, clock, x);
  const b = await openWindow(new TabSecrets(blob), dir, clock, x);
  // Both proactive timers fall due at two thirds of the 2-hour lifetime; the lease lets one of them renew.
  await settle(clock, clock.advance(4_800_000 + 1_000));
  await settle(clock, new Promise((resolve) => setTimeout(resolve, 50)));
  assert.deepEqual({ grants: x.grants, invalidGrants: x.invalidGrants }, { grants: 1, invalidGrants: 0 });
  const [renewed, lagging] = accessTokenOf(a.store.get('session-1')) === 'access-2' ? [a, b] : [b, a];
  assert.equal(await settle(clock, lagging.coordinator.accessToken('session-1')), 'access-1', 'still valid: keeps working');
  assert.equal(lagging.elsewhere.length, 0, 'no prompt while nothing is wrong yet');
  await settle(clock, clock.advance(2_400_000 - 60_000));
  await settle(clock, new Promise((resolve) => setTimeout(resolve, 50)));
  assert.equal(lagging.elsewhere.length, 1, 'asked to reload once its token runs out');
  assert.ok(lagging.store.get('session-1'), 'still signed in');
  assert.equal(renewed.expired.length + lagging.expired.length, 0);
  assert.equal(x.invalidGrants, 0);
  for (const w of [a, b]) w.coordinator.dispose();
});
