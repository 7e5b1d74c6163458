import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import { adminPost, api, pkce, start } from './support';

/** OAuth 2.0 as clients nobody here wrote speak it: lowercase `s256`, JSON bodies at token and revoke. */

const CLIENT = 'xdm-emulator-client';
const REDIRECT = 'http://127.0.0.1:53682/callback';

async function codeFor(emu: Emulator, challenge: string, method: string): Promise<Response> {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    scope: 'dm.read tweet.read users.read offline.access',
    state: 'st',
    code_challenge: challenge,
    code_challenge_method: method,
  });
  return fetch(`${emu.url}/i/oauth2/authorize?${q.toString()}`, { redirect: 'manual' });
}

async function postJson(emu: Emulator, path: string, body: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${emu.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('emulator OAuth 2.0 with peer clients', () => {
  let emu: Emulator;
  before(async () => {
    emu = await start({ preset: 'empty' });
    await adminPost(emu, 'consent', { mode: 'approve' });
  });
  after(() => emu.close());

  test('code_challenge_method=s256 (lowercase, as twitter-api-v2 sends it) is S256', async () => {
    const { verifier, challenge } = pkce();
    const res = await codeFor(emu, challenge, 's256');
    assert.equal(res.status, 302);
    const back = new URL(res.headers.get('location') ?? '');
    assert.equal(back.searchParams.get('error'), null, back.toString());
    const code = back.searchParams.get('code') ?? '';
    // The challenge was hashed: the plain challenge as verifier must not pass, the real verifier must.
    const form = (v: string, c: string): string =>
      new URLSearchParams({ grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT, code_verifier: v, client_id: CLIENT }).toString();
    const ok = await fetch(`${emu.url}/2/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(verifier, code) });
    assert.equal(ok.status, 200);
    const second = new URL((await codeFor(emu, challenge, 's256')).headers.get('location') ?? '').searchParams.get('code') ?? '';
    const plain = await fetch(`${emu.url}/2/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(challenge, second) });
    assert.equal(plain.status, 400);
  });

  test('a 171-character verifier (xdk 0.6.6 default) is accepted when it matches; a short one is not', async () => {
    const long = randomBytes(128).toString('base64url');
    assert.equal(long.length, 171);
    for (const [verifier, status] of [[long, 200], ['too-short-verifier', 400]] as const) {
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const code = new URL((await codeFor(emu, challenge, 'S256')).headers.get('location') ?? '').searchParams.get('code') ?? '';
      const res = await postJson(emu, '/2/oauth2/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: CLIENT });
      assert.equal(res.status, status, JSON.stringify(res.body));
    }
  });

  test('an unknown method is still refused', async () => {
    const res = await codeFor(emu, pkce().challenge, 'S512');
    assert.equal(new URL(res.headers.get('location') ?? '').searchParams.get('error'), 'invalid_request');
  });

  test('JSON bodies at /2/oauth2/token (code exchange, refresh) and /2/oauth2/revoke are processed', async () => {
    const { verifier, challenge } = pkce();
    const code = new URL((await codeFor(emu, challenge, 'S256')).headers.get('location') ?? '').searchParams.get('code') ?? '';
    const issued = await postJson(emu, '/2/oauth2/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: CLIENT });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    const refreshed = await postJson(emu, '/2/oauth2/token', { grant_type: 'refresh_token', refresh_token: String(issued.body.refresh_token), client_id: CLIENT });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const access = String(refreshed.body.access_token);
    assert.equal((await api(emu, access, '/2/users/me')).status, 200);
    const revoked = await postJson(emu, '/2/oauth2/revoke', { token: access, client_id: CLIENT, token_type_hint: 'access_token' });
    assert.deepEqual(revoked, { status: 200, body: { revoked: true } });
    assert.equal((await api(emu, access, '/2/users/me')).status, 401);
  });

  test('a reused code gets invalid_request, as X is reported to answer; an unknown client unauthorized_client', async () => {
    const { verifier, challenge } = pkce();
    const code = new URL((await codeFor(emu, challenge, 'S256')).headers.get('location') ?? '').searchParams.get('code') ?? '';
    const body = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: CLIENT };
    assert.equal((await postJson(emu, '/2/oauth2/token', body)).status, 200);
    assert.deepEqual(await postJson(emu, '/2/oauth2/token', body), {
      status: 400,
      body: { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' },
    });
    const stranger = await postJson(emu, '/2/oauth2/token', { ...body, client_id: 'someone-else' });
    assert.deepEqual(stranger, { status: 401, body: { error: 'unauthorized_client', error_description: 'Missing valid authorization header' } });
  });

  test('a body that is neither a form nor a JSON object is refused', async () => {
    const res = await fetch(`${emu.url}/2/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '["grant_type"]' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_request');
  });
});
