import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthError } from '../../../src/auth/errors/authError';
import { createTokenClient } from '../../../src/auth/flows/tokenClient';

interface Seen {
  url: string;
  method: string;
  contentType: string | null;
  form: Record<string, string>;
}

function fakeFetch(status: number, body: unknown, seen: Seen[]): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    seen.push({ url: request.url, method: request.method, contentType: request.headers.get('content-type'), form });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
}

test('code exchange posts the PKCE form to /2/oauth2/token and validates the answer', async () => {
  const seen: Seen[] = [];
  const client = createTokenClient({
    apiBaseUrl: () => 'http://127.0.0.1:9/',
    fetch: fakeFetch(200, { token_type: 'bearer', access_token: 'at', refresh_token: 'rt', expires_in: 7200, scope: 'dm.read offline.access' }, seen),
  });
  const tokens = await client.exchangeCode({ code: 'c', redirectUri: 'http://127.0.0.1:53682/callback', codeVerifier: 'v', clientId: 'id', origin: 'http://127.0.0.1:9' });
  assert.deepEqual(tokens, { accessToken: 'at', refreshToken: 'rt', expiresIn: 7200, scopes: ['dm.read', 'offline.access'] });
  assert.equal(seen.length, 1);
  assert.equal(seen[0]?.url, 'http://127.0.0.1:9/2/oauth2/token');
  assert.equal(seen[0]?.method, 'POST');
  assert.match(seen[0]?.contentType ?? '', /^application\/x-www-form-urlencoded/);
  assert.deepEqual(seen[0]?.form, {
    grant_type: 'authorization_code',
    code: 'c',
    redirect_uri: 'http://127.0.0.1:53682/callback',
    code_verifier: 'v',
    client_id: 'id',
  });
});

test('refresh sends the refresh grant; OAuth errors keep their code', async () => {
  const seen: Seen[] = [];
  const client = createTokenClient({
    apiBaseUrl: () => 'http://127.0.0.1:9',
    fetch: fakeFetch(400, { error: 'invalid_grant', error_description: 'Value passed for the token was invalid.' }, seen),
  });
  await assert.rejects(client.refresh({ refreshToken: 'rt', clientId: 'id', origin: 'http://127.0.0.1:9' }), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.kind, 'oauth');
    assert.equal(e.oauthError, 'invalid_grant');
    assert.equal(e.transient, false);
    assert.doesNotMatch(e.message, /rt/);
    return true;
  });
  assert.deepEqual(seen[0]?.form, { grant_type: 'refresh_token', refresh_token: 'rt', client_id: 'id' });
});

test('5xx and 429 are transient server errors; a malformed 200 is invalidResponse', async () => {
  for (const status of [500, 503, 429]) {
    const client = createTokenClient({ apiBaseUrl: () => 'http://127.0.0.1:9', fetch: fakeFetch(status, 'oops', []) });
    await assert.rejects(client.refresh({ refreshToken: 'rt', clientId: 'id', origin: 'http://127.0.0.1:9' }), (e: unknown) => e instanceof AuthError && e.kind === 'server' && e.transient);
  }
  const client = createTokenClient({ apiBaseUrl: () => 'http://127.0.0.1:9', fetch: fakeFetch(200, { token_type: 'bearer' }, []) });
  await assert.rejects(client.refresh({ refreshToken: 'rt', clientId: 'id', origin: 'http://127.0.0.1:9' }), (e: unknown) => e instanceof AuthError && e.kind === 'invalidResponse');
});

test('an unreachable server is a transient network error, and the POST is not replayed', async () => {
  let attempts = 0;
  const client = createTokenClient({
    apiBaseUrl: () => 'http://127.0.0.1:9',
    fetch: (async () => {
      attempts++;
      throw new TypeError('fetch failed');
    }) as typeof fetch,
  });
  await assert.rejects(client.refresh({ refreshToken: 'rt', clientId: 'id', origin: 'http://127.0.0.1:9' }), (e: unknown) => e instanceof AuthError && e.kind === 'network');
  assert.equal(attempts, 1);
});

test('revoke is best effort: true on 200, false otherwise, never throws', async () => {
  const seen: Seen[] = [];
  const ok = createTokenClient({ apiBaseUrl: () => 'http://127.0.0.1:9', fetch: fakeFetch(200, { revoked: true }, seen) });
  assert.equal(await ok.revoke({ token: 't', clientId: 'id', tokenTypeHint: 'refresh_token', origin: 'http://127.0.0.1:9' }), true);
  assert.equal(seen[0]?.url, 'http://127.0.0.1:9/2/oauth2/revoke');
  assert.deepEqual(seen[0]?.form, { token: 't', client_id: 'id', token_type_hint: 'refresh_token' });
  const down = createTokenClient({
    apiBaseUrl: () => 'http://127.0.0.1:9',
    fetch: (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch,
  });
  assert.equal(await down.revoke({ token: 't', clientId: 'id', tokenTypeHint: 'access_token', origin: 'http://127.0.0.1:9' }), false);
});

test('tokens go only to the origin the call names: another configured server or plain http elsewhere gets nothing', async () => {
  const seen: Seen[] = [];
  let base = 'http://127.0.0.1:9';
  const client = createTokenClient({ apiBaseUrl: () => base, fetch: fakeFetch(200, { revoked: true }, seen) });
  base = 'https://attacker.example';
  await assert.rejects(client.refresh({ refreshToken: 'rt', clientId: 'id', origin: 'http://127.0.0.1:9' }), (e: unknown) => {
    assert.ok(e instanceof AuthError);
    assert.equal(e.kind, 'originChanged');
    assert.equal(e.issuedBy, 'http://127.0.0.1:9');
    assert.equal(e.requestedBy, 'https://attacker.example');
    assert.doesNotMatch(e.message, /rt/);
    return true;
  });
  assert.equal(await client.revoke({ token: 't', clientId: 'id', tokenTypeHint: 'access_token', origin: 'http://127.0.0.1:9' }), false);
  base = 'http://10.0.0.5:9';
  await assert.rejects(
    client.exchangeCode({ code: 'c', redirectUri: 'http://127.0.0.1:53682/callback', codeVerifier: 'v', clientId: 'id', origin: 'http://10.0.0.5:9' }),
    (e: unknown) => e instanceof AuthError && e.kind === 'insecureEndpoint',
  );
  assert.equal(seen.length, 0, 'nothing was sent anywhere');
  base = 'http://127.0.0.1:9/';
  assert.equal(await client.revoke({ token: 't', clientId: 'id', tokenTypeHint: 'access_token', origin: 'http://127.0.0.1:9' }), true);
  assert.equal(seen.length, 1);
});
