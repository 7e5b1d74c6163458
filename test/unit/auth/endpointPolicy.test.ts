import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sessionStrategy } from '../../../src/auth/refresh/strategies';
import { assertCredentialDestination, checkEndpoint, DEFAULT_API_ORIGIN, isLoopbackHost, issuingOrigin } from '../../../src/auth/endpointPolicy';
import { AuthError } from '../../../src/auth/errors/authError';
import type { StoredSession } from '../../../src/auth/sessions/session';
import { parseSessionDocument } from '../../../src/auth/sessions/session';

test('loopback hosts: localhost, *.localhost, 127.0.0.0/8 and ::1; nothing else', () => {
  for (const host of ['localhost', 'LOCALHOST', 'xdm-emulator.localhost', '127.0.0.1', '127.255.0.9', '[::1]', 'localhost.']) {
    assert.equal(isLoopbackHost(host), true, host);
  }
  for (const host of ['localhost.example', 'mylocalhost', '127.0.0.1.nip.io', '128.0.0.1', '10.0.0.1', '192.168.1.1', '[::2]', 'api.x.com', '127.0.0.256']) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});

test('endpoints: https anywhere, http only on this computer, other schemes and garbage never', () => {
  assert.deepEqual(checkEndpoint('https://api.x.com/'), { ok: true, origin: 'https://api.x.com' });
  assert.deepEqual(checkEndpoint('https://proxy.example:8443/x/api'), { ok: true, origin: 'https://proxy.example:8443' });
  assert.deepEqual(checkEndpoint('http://127.0.0.1:4010'), { ok: true, origin: 'http://127.0.0.1:4010' });
  assert.deepEqual(checkEndpoint('http://xdm-emulator.localhost:4010/i/oauth2/authorize'), { ok: true, origin: 'http://xdm-emulator.localhost:4010' });
  assert.deepEqual(checkEndpoint('http://[::1]:4010'), { ok: true, origin: 'http://[::1]:4010' });
  assert.deepEqual(checkEndpoint('http://api.x.com'), { ok: false, reason: 'insecure' });
  assert.deepEqual(checkEndpoint('http://192.168.1.20:4010'), { ok: false, reason: 'insecure' });
  assert.deepEqual(checkEndpoint('ftp://api.x.com'), { ok: false, reason: 'invalid' });
  assert.deepEqual(checkEndpoint('file:///etc/passwd'), { ok: false, reason: 'invalid' });
  assert.deepEqual(checkEndpoint('api.x.com'), { ok: false, reason: 'invalid' });
});

test('credentials go only to the issuing origin: another host, port or scheme is refused', () => {
  assert.doesNotThrow(() => assertCredentialDestination('https://api.x.com/2/dm_events?x=1', 'https://api.x.com'));
  assert.doesNotThrow(() => assertCredentialDestination('https://API.X.COM:443/2/users/me', 'https://api.x.com'));
  const refused = (url: string, origin: string, kind: string): void =>
    assert.throws(() => assertCredentialDestination(url, origin), (e: unknown) => e instanceof AuthError && e.kind === kind, url);
  refused('https://evil.example/2/users/me', 'https://api.x.com', 'originChanged');
  refused('https://api.x.com.evil.example/2/users/me', 'https://api.x.com', 'originChanged');
  refused('https://api.x.com:8443/2/users/me', 'https://api.x.com', 'originChanged');
  refused('http://127.0.0.1:4011/2/users/me', 'http://127.0.0.1:4010', 'originChanged');
  refused('http://api.x.com/2/users/me', 'https://api.x.com', 'insecureEndpoint');
});

const base = { id: 's1', userId: '42', username: 'me', createdAt: 1 };
const oauth2 = { ...base, kind: 'oauth2', clientId: 'c', scopes: [], accessToken: 'AT', refreshToken: 'RT', issuedAt: 1, expiresAt: 9e15 };

test('a stored session without an origin counts as issued by X; a recorded one is kept; a bad one is dropped', () => {
  const parsed = parseSessionDocument(
    JSON.stringify({
      version: 1,
      sessions: [
        oauth2,
        { ...oauth2, id: 's2', apiOrigin: 'http://127.0.0.1:4010' },
        { ...oauth2, id: 's3', apiOrigin: 'http://evil.example' },
        { ...oauth2, id: 's4', apiOrigin: 'https://api.x.com/2' },
      ],
    }),
  );
  assert.deepEqual(parsed.sessions.map((s) => [s.id, issuingOrigin(s)]), [
    ['s1', DEFAULT_API_ORIGIN],
    ['s2', 'http://127.0.0.1:4010'],
  ]);
  assert.equal(parsed.discarded, 2);
});

test('a session strategy never reads the token for a request to another origin, and says so once per refusal', async () => {
  const session = { ...oauth2, apiOrigin: 'http://127.0.0.1:4010' } as StoredSession;
  let tokenReads = 0;
  const refused: string[] = [];
  const strategy = sessionStrategy(
    's1',
    async () => session,
    {
      accessToken: async () => {
        tokenReads++;
        return 'AT';
      },
      refreshAfterUnauthorized: async () => true,
    },
    (_session, error) => refused.push(`${error.kind} ${error.requestedBy}`),
  );
  assert.deepEqual(await strategy.authorize({ method: 'GET', url: 'http://127.0.0.1:4010/2/users/me' }), { Authorization: 'Bearer AT' });
  await assert.rejects(strategy.authorize({ method: 'GET', url: 'http://127.0.0.1:9999/2/users/me' }), (e: unknown) => e instanceof AuthError && e.kind === 'originChanged');
  await assert.rejects(strategy.authorize({ method: 'GET', url: 'https://api.x.com/2/users/me' }), (e: unknown) => e instanceof AuthError && !e.transient);
  assert.equal(tokenReads, 1);
  assert.deepEqual(refused, ['originChanged http://127.0.0.1:9999', 'originChanged https://api.x.com']);

  const oauth1 = { ...base, kind: 'oauth1', consumerKey: 'ck', consumerSecret: 'cs', token: 't', tokenSecret: 'ts' } as StoredSession;
  const legacy = sessionStrategy('s1', async () => oauth1, { accessToken: async () => 'x', refreshAfterUnauthorized: async () => false });
  assert.match((await legacy.authorize({ method: 'GET', url: 'https://api.x.com/2/users/me' })).Authorization ?? '', /^OAuth /);
  await assert.rejects(legacy.authorize({ method: 'GET', url: 'http://127.0.0.1:4010/2/users/me' }), (e: unknown) => e instanceof AuthError && e.kind === 'originChanged');
});

test('the API client sends nothing for a session issued elsewhere, and says why in plain words', async () => {
  const { createXClient } = await import('../../../src/api/xClient');
  const { UnauthorizedError } = await import('../../../src/api/errors');
  let fetched = 0;
  const session = { ...oauth2, apiOrigin: 'http://127.0.0.1:4010' } as StoredSession;
  const client = createXClient({
    baseUrl: 'https://proxy.example',
    auth: sessionStrategy('s1', async () => session, { accessToken: async () => 'AT', refreshAfterUnauthorized: async () => true }),
    fetch: (async () => {
      fetched++;
      return new Response('{}');
    }) as typeof fetch,
  });
  await assert.rejects(client.getMe(), (e: unknown) => {
    assert.ok(e instanceof UnauthorizedError);
    assert.match(e.userMessage, /signed in at http:\/\/127\.0\.0\.1:4010.*Sign in again to use https:\/\/proxy\.example/);
    return true;
  });
  assert.equal(fetched, 0);
});
