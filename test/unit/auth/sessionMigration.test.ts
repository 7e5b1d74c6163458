// The per-account layout: migration from the legacy single document, values written by a newer build, and a
// window whose SecretStorage view lags behind another window's writes.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { SESSION_INDEX_SECRET_KEY, SESSIONS_SECRET_KEY, sessionSecretKey } from '../../../src/auth/constants';
import { AuthError } from '../../../src/auth/errors/authError';
import { parseSessionDocument, serializeSessionDocument } from '../../../src/auth/sessions/session';
import { parseIndex, serializeIndex } from '../../../src/auth/sessions/records';
import { SessionStore } from '../../../src/auth/sessions/store';
import { SharedAuthState } from '../../../src/auth/sessions/sharedState';
import { FakeClock, FakeSecrets, MemoryLogger, SharedBlob, TabSecrets, oauth2Session, recordValue, settle, storedSession } from './fakes';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function sharedState(clock: FakeClock): Promise<SharedAuthState> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xdm-migration-'));
  dirs.push(dir);
  return new SharedAuthState({ dir, clock, log: new MemoryLogger(), pollMs: 50 });
}

const grace = oauth2Session({ id: 'session-2', userId: '1002', username: 'grace', accessToken: 'grace-1', refreshToken: 'grace-r1' });

test('the legacy document is copied into per-account secrets once and left in place for the previous version', async () => {
  const secrets = new FakeSecrets();
  const legacy = serializeSessionDocument([oauth2Session(), grace]);
  secrets.values.set(SESSIONS_SECRET_KEY, legacy);
  const store = new SessionStore(secrets, new MemoryLogger());
  await store.ready();
  assert.deepEqual(store.all().map((s) => s.id), ['session-1', 'session-2']);
  assert.deepEqual(parseIndex(secrets.values.get(SESSION_INDEX_SECRET_KEY)), { status: 'ok', value: ['session-1', 'session-2'] });
  assert.deepEqual(storedSession(secrets.values, 'session-2'), grace);
  assert.equal(secrets.values.get(SESSIONS_SECRET_KEY), legacy, 'the legacy document is untouched');

  // Once migrated, the legacy document is not read again; signing out drops the account from it too, so that a
  // downgrade does not bring a signed-out account back.
  await store.remove('session-1');
  assert.deepEqual(parseSessionDocument(secrets.values.get(SESSIONS_SECRET_KEY)).sessions.map((s) => s.id), ['session-2']);
  const again = new SessionStore(secrets, new MemoryLogger());
  await again.ready();
  assert.deepEqual(again.all().map((s) => s.id), ['session-2']);
});

for (const [what, key, value] of [
  ['the legacy document', SESSIONS_SECRET_KEY, JSON.stringify({ version: 2, sessions: [oauth2Session()] })],
  ['the index', SESSION_INDEX_SECRET_KEY, JSON.stringify({ version: 7, sessions: ['session-1'], shards: 3 })],
] as const) {
  test(`${what} with an unknown version is left untouched: nothing loaded, nothing written, the user is told`, async () => {
    const secrets = new FakeSecrets();
    secrets.values.set(key, value);
    const store = new SessionStore(secrets, new MemoryLogger());
    let told = 0;
    store.onNewerData(() => told++);
    await store.ready();
    await store.reload();
    assert.deepEqual(store.all(), []);
    assert.equal(told, 1, 'told once');
    await assert.rejects(store.upsert(grace), (e: unknown) => e instanceof AuthError && e.kind === 'newerData');
    assert.equal(secrets.values.get(key), value);
    assert.deepEqual([...secrets.values.keys()], [key], 'nothing else written');
  });
}

test('a session record with an unknown version is kept in the index and never rewritten', async () => {
  const secrets = new FakeSecrets();
  const future = JSON.stringify({ version: 3, generation: 9, session: { id: 'session-9', sealed: 'x' } });
  secrets.values.set(sessionSecretKey('session-9'), future);
  secrets.values.set(SESSION_INDEX_SECRET_KEY, serializeIndex(['session-9']));
  const store = new SessionStore(secrets, new MemoryLogger());
  let told = 0;
  store.onNewerData(() => told++);
  await store.ready();
  assert.deepEqual(store.all(), []);
  await store.upsert(grace);
  assert.equal(told, 1);
  assert.deepEqual(parseIndex(secrets.values.get(SESSION_INDEX_SECRET_KEY)), { status: 'ok', value: ['session-2', 'session-9'] });
  assert.equal(secrets.values.get(sessionSecretKey('session-9')), future);
});

test('code-server: a tab that loaded before another tab wrote refuses to write (its save would undo the other tab)', async () => {
  const clock = new FakeClock();
  const blob = new SharedBlob();
  blob.value.set(SESSIONS_SECRET_KEY, serializeSessionDocument([oauth2Session()]));
  const shared = await sharedState(clock);
  const a = new SessionStore(new TabSecrets(blob), new MemoryLogger(), shared);
  const b = new SessionStore(new TabSecrets(blob), new MemoryLogger(), shared);
  await settle(clock, a.ready());
  await settle(clock, b.ready());
  await settle(clock, a.upsert(grace)); // tab A signs in a second account
  const saves = blob.saves;
  const writes: Array<() => Promise<unknown>> = [
    () => b.exclusive((tx) => tx.writable()), // what a sign-in asks before opening the browser
    () => b.upsert(oauth2Session({ accessToken: 'stale' })),
    () => b.remove('session-1'),
  ];
  for (const write of writes) {
    await assert.rejects(settle(clock, write()), (e: unknown) => e instanceof AuthError && e.kind === 'signedInElsewhere');
  }
  assert.equal(blob.saves, saves, 'tab B saved nothing');
  const reloaded = new SessionStore(new TabSecrets(blob), new MemoryLogger(), shared);
  await settle(clock, reloaded.ready());
  assert.deepEqual(reloaded.all().map((s) => s.id).sort(), ['session-1', 'session-2']);
  await settle(clock, reloaded.remove('session-2'));
  assert.deepEqual(reloaded.all().map((s) => s.id), ['session-1'], 'a reloaded tab writes again');
});

test('desktop: a window that re-reads sees the other window and may write', async () => {
  const clock = new FakeClock();
  const secrets = new FakeSecrets();
  secrets.values.set(sessionSecretKey('session-1'), recordValue(oauth2Session(), 1));
  secrets.values.set(SESSION_INDEX_SECRET_KEY, serializeIndex(['session-1']));
  const shared = await sharedState(clock);
  const a = new SessionStore(secrets, new MemoryLogger(), shared);
  const b = new SessionStore(secrets, new MemoryLogger(), shared);
  await settle(clock, a.ready());
  await settle(clock, b.ready());
  await settle(clock, a.upsert(grace));
  await settle(clock, b.upsert(oauth2Session({ accessToken: 'access-2' })));
  const fresh = new SessionStore(secrets, new MemoryLogger());
  await fresh.ready();
  assert.deepEqual(fresh.all().map((s) => (s.kind === 'oauth2' ? s.accessToken : '')).sort(), ['access-2', 'grace-1']);
});

test('a write that comes before the migration (e.g. a renewal) keeps every account of the legacy document', async () => {
  const secrets = new FakeSecrets();
  secrets.values.set(SESSIONS_SECRET_KEY, serializeSessionDocument([oauth2Session(), grace]));
  const store = new SessionStore(secrets, new MemoryLogger());
  await store.reload(); // loaded, not yet migrated
  await store.upsert(oauth2Session({ accessToken: 'access-2' }));
  const fresh = new SessionStore(secrets, new MemoryLogger());
  await fresh.ready();
  assert.deepEqual(fresh.all().map((s) => (s.kind === 'oauth2' ? s.accessToken : '')).sort(), ['access-2', 'grace-1']);
});
