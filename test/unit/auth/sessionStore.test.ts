import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SESSION_INDEX_SECRET_KEY, SESSIONS_SECRET_KEY, sessionSecretKey } from '../../../src/auth/constants';
import type { StoredSession } from '../../../src/auth/sessions/session';
import { parseIndex, parseRecord, serializeIndex } from '../../../src/auth/sessions/records';
import { parseSessionDocument, serializeSessionDocument } from '../../../src/auth/sessions/session';
import type { SessionDelta } from '../../../src/auth/sessions/store';
import { SessionStore } from '../../../src/auth/sessions/store';
import { FakeSecrets, MemoryLogger, flush, oauth2Session, recordValue, storedSession } from './fakes';

function accessToken(session: StoredSession | undefined): string | undefined {
  return session?.kind === 'oauth2' ? session.accessToken : undefined;
}

const oauth1 = {
  kind: 'oauth1' as const,
  id: 'session-2',
  userId: '1002',
  username: 'grace',
  createdAt: 1,
  consumerKey: 'ck',
  consumerSecret: 'cs',
  token: 'tk',
  tokenSecret: 'ts',
};

test('document round-trips both session kinds', () => {
  const parsed = parseSessionDocument(serializeSessionDocument([oauth2Session(), oauth1]));
  assert.deepEqual(parsed, { sessions: [oauth2Session(), oauth1], discarded: 0, corrupt: false });
});

test('not JSON or wrong shape → corrupt; a newer version is reported, not corrupt; bad entries dropped one by one', () => {
  assert.equal(parseSessionDocument('{nope').corrupt, true);
  assert.deepEqual(parseSessionDocument('{"version":2,"sessions":[]}'), { sessions: [], discarded: 0, corrupt: false, newerVersion: 2 });
  assert.equal(parseSessionDocument('[]').corrupt, true);
  const partial = parseSessionDocument(
    JSON.stringify({ version: 1, sessions: [oauth2Session(), { ...oauth1, userId: 'not-a-number' }, { kind: 'other' }, oauth2Session()] }),
  );
  assert.equal(partial.corrupt, false);
  assert.equal(partial.discarded, 3); // invalid user id, unknown kind, duplicate id
  assert.deepEqual(partial.sessions.map((s) => s.id), ['session-1']);
  assert.deepEqual(parseSessionDocument(undefined), { sessions: [], discarded: 0, corrupt: false });
});

test('a corrupt secret is discarded with a log line, never a crash', async () => {
  const secrets = new FakeSecrets();
  secrets.values.set(SESSIONS_SECRET_KEY, 'garbage{');
  const log = new MemoryLogger();
  const store = new SessionStore(secrets, log);
  await store.ready();
  assert.deepEqual(store.all(), []);
  assert.equal(secrets.values.has(SESSIONS_SECRET_KEY), false);
  assert.equal(log.lines.filter((l) => l.startsWith('warn') && l.includes('unreadable')).length, 1);
});

test('writes persist one secret per session plus an index, and fire exact deltas', async () => {
  const secrets = new FakeSecrets();
  const store = new SessionStore(secrets, new MemoryLogger());
  const deltas: SessionDelta[] = [];
  store.onDidChange((d) => deltas.push(d));
  await store.ready();
  await store.upsert(oauth2Session());
  await store.upsert(oauth1);
  await store.upsert(oauth2Session({ accessToken: 'access-2' }));
  await store.remove('session-2');
  await flush();
  const summary = deltas.map((d) => ({
    added: d.added.map((s) => s.id),
    removed: d.removed.map((s) => s.id),
    changed: d.changed.map((s) => s.id),
  }));
  assert.deepEqual(summary, [
    { added: ['session-1'], removed: [], changed: [] },
    { added: ['session-2'], removed: [], changed: [] },
    { added: [], removed: [], changed: ['session-1'] },
    { added: [], removed: ['session-2'], changed: [] },
  ]);
  assert.deepEqual(parseIndex(secrets.values.get(SESSION_INDEX_SECRET_KEY)), { status: 'ok', value: ['session-1'] });
  const record = parseRecord(secrets.values.get(sessionSecretKey('session-1')), 'session-1');
  assert.equal(record.status === 'ok' && record.value.generation, 2, 'written twice');
  assert.equal(accessToken(storedSession(secrets.values)), 'access-2');
  assert.equal(secrets.values.has(sessionSecretKey('session-2')), false, "a removed session's secret is deleted");
  assert.equal(secrets.values.has(SESSIONS_SECRET_KEY), false, 'no legacy document is written');
});

test("another window's write is picked up through onDidChange", async () => {
  const secrets = new FakeSecrets();
  const store = new SessionStore(secrets, new MemoryLogger());
  await store.upsert(oauth2Session());
  const deltas: SessionDelta[] = [];
  store.onDidChange((d) => deltas.push(d));
  secrets.values.set(sessionSecretKey('session-1'), recordValue(oauth2Session({ accessToken: 'from-other-window' })));
  secrets.values.set(sessionSecretKey('session-2'), recordValue(oauth1, 1));
  secrets.external(SESSION_INDEX_SECRET_KEY, serializeIndex(['session-1', 'session-2']));
  await flush();
  assert.equal(deltas.length, 1);
  assert.deepEqual(deltas[0]?.added.map((s) => s.id), ['session-2']);
  assert.deepEqual(deltas[0]?.changed.map((s) => s.id), ['session-1']);
  assert.equal(accessToken(store.get('session-1')), 'from-other-window');
});

test('read-modify-write keeps sessions another window added meanwhile', async () => {
  const secrets = new FakeSecrets();
  const store = new SessionStore(secrets, new MemoryLogger());
  await store.ready();
  secrets.values.set(sessionSecretKey('session-2'), recordValue(oauth1, 1)); // no event yet
  secrets.values.set(SESSION_INDEX_SECRET_KEY, serializeIndex(['session-2']));
  await store.upsert(oauth2Session());
  assert.deepEqual(store.all().map((s) => s.id).sort(), ['session-1', 'session-2']);
});
