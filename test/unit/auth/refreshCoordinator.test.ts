import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearerStrategy } from '../../../src/auth/refresh/strategies';
import { SESSIONS_SECRET_KEY, sessionSecretKey } from '../../../src/auth/constants';
import { AuthError } from '../../../src/auth/errors/authError';
import { RefreshCoordinator } from '../../../src/auth/refresh/coordinator';
import type { OAuth2Session } from '../../../src/auth/sessions/session';
import { serializeSessionDocument } from '../../../src/auth/sessions/session';
import { SessionStore } from '../../../src/auth/sessions/store';
import type { TokenSet } from '../../../src/auth/flows/tokenClient';
import { FakeClock, FakeSecrets, MemoryLogger, flush, oauth2Session, recordValue, storedSession } from './fakes';

interface Setup {
  clock: FakeClock;
  secrets: FakeSecrets;
  store: SessionStore;
  coordinator: RefreshCoordinator;
  calls: string[];
  expired: OAuth2Session[];
  log: MemoryLogger;
}

/** A token endpoint that rotates like X: refresh-N → access-(N+1)/refresh-(N+1); `next` can script failures. */
async function setup(
  respond?: (refreshToken: string, call: number) => Promise<TokenSet>,
  session: OAuth2Session = oauth2Session({}, new FakeClock().now()),
): Promise<Setup> {
  const clock = new FakeClock();
  const secrets = new FakeSecrets();
  const log = new MemoryLogger();
  secrets.values.set(SESSIONS_SECRET_KEY, serializeSessionDocument([session]));
  const store = new SessionStore(secrets, log);
  await store.ready();
  const calls: string[] = [];
  const expired: OAuth2Session[] = [];
  const coordinator = new RefreshCoordinator({
    store,
    clock,
    log,
    onExpired: (s) => expired.push(s),
    jitter: () => 0,
    invalidGrantGraceMs: 0,
    tokens: {
      refresh: async ({ refreshToken }) => {
        calls.push(refreshToken);
        if (respond) return respond(refreshToken, calls.length);
        const n = Number(refreshToken.split('-')[1]) + 1;
        return { accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 7200, scopes: [] };
      },
    },
  });
  return { clock, secrets, store, coordinator, calls, expired, log };
}

function storedRefreshToken(secrets: FakeSecrets): string | undefined {
  const session = storedSession(secrets.values);
  return session?.kind === 'oauth2' ? session.refreshToken : undefined;
}

test('two concurrent 401s cause exactly one refresh call', async () => {
  const { coordinator, calls } = await setup();
  const a = bearerStrategy('session-1', coordinator);
  const b = bearerStrategy('session-1', coordinator);
  await a.authorize({ method: 'GET', url: 'https://api.x.com/2/dm_events' });
  await b.authorize({ method: 'GET', url: 'https://api.x.com/2/dm_events' });
  const results = await Promise.all([a.refreshAfterUnauthorized(), b.refreshAfterUnauthorized()]);
  assert.deepEqual(results, [true, true]);
  assert.deepEqual(calls, ['refresh-1']);
  assert.deepEqual(await a.authorize({ method: 'GET', url: 'https://api.x.com/2/dm_events' }), { Authorization: 'Bearer access-2' });
  // A late 401 from a request that left with the old token: retried, no second refresh.
  assert.equal(await coordinator.refreshAfterUnauthorized('session-1', 'access-1'), true);
  assert.equal(calls.length, 1);
});

test('the rotated refresh token is persisted before the new access token is handed out', async () => {
  const { coordinator, secrets } = await setup();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const originalStore = secrets.store.bind(secrets);
  secrets.store = async (key, value) => {
    await gate;
    return originalStore(key, value);
  };
  let handedOut: string | undefined;
  const pending = coordinator.refresh('session-1').then((s) => (handedOut = s.accessToken));
  await flush();
  assert.equal(handedOut, undefined, 'not used before the write completes');
  assert.equal(storedRefreshToken(secrets), 'refresh-1');
  release();
  await pending;
  assert.equal(handedOut, 'access-2');
  assert.equal(storedRefreshToken(secrets), 'refresh-2');
});

test('refreshes proactively at two thirds of the lifetime', async () => {
  const { clock, calls, coordinator } = await setup();
  await clock.advance(4_800_000 - 1_000);
  assert.equal(calls.length, 0);
  await clock.advance(2_000);
  assert.deepEqual(calls, ['refresh-1']);
  assert.equal(await coordinator.accessToken('session-1'), 'access-2');
  await clock.advance(4_800_000);
  assert.deepEqual(calls, ['refresh-1', 'refresh-2'], 'the next refresh is scheduled from the new lifetime');
  coordinator.dispose();
});

test('an expired token is refreshed before it is used', async () => {
  const clock = new FakeClock();
  const { coordinator, calls } = await setup(undefined, oauth2Session({ issuedAt: clock.now() - 8_000_000, expiresAt: clock.now() - 800_000 }));
  assert.equal(await coordinator.accessToken('session-1'), 'access-2');
  assert.equal(calls.length, 1);
});

test('invalid_grant removes the session and asks to sign in again once', async () => {
  const { coordinator, store, expired, calls } = await setup(async () => {
    throw new AuthError('oauth', 'refused', { oauthError: 'invalid_grant', status: 400 });
  });
  const results = await Promise.all([
    coordinator.refreshAfterUnauthorized('session-1', 'access-1'),
    coordinator.refreshAfterUnauthorized('session-1', 'access-1'),
  ]);
  assert.deepEqual(results, [false, false]);
  assert.equal(calls.length, 1);
  assert.equal(store.get('session-1'), undefined);
  assert.equal(expired.length, 1);
  assert.equal(await coordinator.refreshAfterUnauthorized('session-1', 'access-1'), false);
  await assert.rejects(coordinator.accessToken('session-1'), (e: unknown) => e instanceof AuthError && e.kind === 'sessionGone');
  assert.equal(expired.length, 1);
});

test('network errors and 5xx keep the session and retry with growing delays', async () => {
  let failures = 2;
  const { coordinator, store, clock, calls, expired } = await setup(async (_token, call) => {
    if (failures-- > 0) throw call === 1 ? new AuthError('network', 'offline') : new AuthError('server', '503', { status: 503 });
    return { accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 7200, scopes: [] };
  });
  assert.equal(await coordinator.refreshAfterUnauthorized('session-1', 'access-1'), false);
  assert.ok(store.get('session-1'), 'kept');
  assert.equal(calls.length, 1);
  await clock.advance(5_000);
  assert.equal(calls.length, 2, 'first retry after 5 s');
  await clock.advance(29_000);
  assert.equal(calls.length, 2);
  await clock.advance(1_000);
  assert.equal(calls.length, 3, 'second retry 30 s later');
  assert.equal(await coordinator.accessToken('session-1'), 'access-2');
  assert.equal(expired.length, 0);
  coordinator.dispose();
});

test("another window's refresh is adopted instead of spending the stale refresh token", async () => {
  const { coordinator, secrets, calls } = await setup();
  // The other window rotated and wrote; our change event has not arrived yet.
  secrets.values.set(sessionSecretKey('session-1'), recordValue(oauth2Session({ accessToken: 'access-9', refreshToken: 'refresh-9' })));
  assert.equal(await coordinator.refreshAfterUnauthorized('session-1', 'access-1'), true);
  assert.equal(calls.length, 0);
  assert.equal(await coordinator.accessToken('session-1'), 'access-9');
});

test('invalid_grant after another window rotated mid-flight keeps the session', async () => {
  let secretsRef: FakeSecrets | undefined;
  const { coordinator, store, expired } = await setup(async () => {
    secretsRef?.values.set(sessionSecretKey('session-1'), recordValue(oauth2Session({ accessToken: 'access-7', refreshToken: 'refresh-7' })));
    throw new AuthError('oauth', 'refused', { oauthError: 'invalid_grant', status: 400 });
  }).then((s) => {
    secretsRef = s.secrets;
    return s;
  });
  assert.equal(await coordinator.refreshAfterUnauthorized('session-1', 'access-1'), true);
  assert.equal(expired.length, 0);
  const kept = store.get('session-1');
  assert.equal(kept?.kind === 'oauth2' && kept.accessToken, 'access-7');
});

test('invalid_grant waits briefly for another window\'s rotated pair before giving up', async () => {
  const clock = new FakeClock();
  const secrets = new FakeSecrets();
  const log = new MemoryLogger();
  secrets.values.set(SESSIONS_SECRET_KEY, serializeSessionDocument([oauth2Session({}, clock.now())]));
  const store = new SessionStore(secrets, log);
  await store.ready();
  const expired: OAuth2Session[] = [];
  const coordinator = new RefreshCoordinator({
    store,
    clock,
    log,
    onExpired: (s) => expired.push(s),
    jitter: () => 0,
    invalidGrantGraceMs: 3_000,
    tokens: {
      refresh: async () => {
        throw new AuthError('oauth', 'refused', { oauthError: 'invalid_grant', status: 400 });
      },
    },
  });
  const result = coordinator.refreshAfterUnauthorized('session-1', 'access-1');
  await flush();
  // The other window's write lands 1 s later.
  await clock.advance(1_000);
  secrets.values.set(sessionSecretKey('session-1'), recordValue(oauth2Session({ accessToken: 'access-5', refreshToken: 'refresh-5' }, clock.now())));
  await clock.advance(2_000);
  assert.equal(await result, true);
  assert.equal(expired.length, 0);
  const kept = store.get('session-1');
  assert.equal(kept?.kind === 'oauth2' && kept.accessToken, 'access-5');
  coordinator.dispose();
});

test('the proactive refresh is spread over the twelfth of the lifetime after two thirds', async () => {
  const clock = new FakeClock();
  const secrets = new FakeSecrets();
  secrets.values.set(SESSIONS_SECRET_KEY, serializeSessionDocument([oauth2Session({}, clock.now())]));
  const store = new SessionStore(secrets, new MemoryLogger());
  await store.ready();
  const coordinator = new RefreshCoordinator({
    store,
    clock,
    log: new MemoryLogger(),
    onExpired: () => undefined,
    jitter: () => 1,
    tokens: { refresh: async () => ({ accessToken: 'a', refreshToken: 'r', expiresIn: 7200, scopes: [] }) },
  });
  assert.deepEqual(clock.pending(), [4_800_000 + 600_000]);
  coordinator.dispose();
});
