import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import { adminPost, api, pkce, start } from './support';

const CLIENT = 'xdm-emulator-client';
const REDIRECT = 'http://127.0.0.1:53682/callback';
const SCOPES = 'dm.read dm.write tweet.read users.read offline.access';

function authorizeUrl(emu: Emulator, challenge: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    scope: SCOPES,
    state: 'st4te',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `${emu.url}/i/oauth2/authorize?${q.toString()}`;
}

/** Walks the consent page like a person: load it, press a button, return the redirect target. */
async function consent(emu: Emulator, challenge: string, decision: 'allow' | 'deny', extra: Record<string, string> = {}): Promise<URL> {
  const page = await fetch(authorizeUrl(emu, challenge, extra));
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /id="authorize"[^>]*>Authorize app</);
  assert.match(html, /id="cancel"[^>]*>Cancel</);
  for (const scope of (extra.scope ?? SCOPES).split(' ')) assert.ok(html.includes(`data-scope="${scope}"`), scope);
  assert.match(html, /@you_dev/);
  const requestId = /name="request_id" value="([0-9a-f]+)"/.exec(html)?.[1] ?? '';
  const res = await fetch(`${emu.url}/i/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, decision }).toString(),
    redirect: 'manual',
  });
  assert.equal(res.status, 302);
  return new URL(res.headers.get('location') ?? '');
}

async function exchange(emu: Emulator, form: Record<string, string>): Promise<{ status: number; body: Record<string, string | number> }> {
  const res = await fetch(`${emu.url}/2/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT, ...form }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string | number> };
}

describe('emulator OAuth 2.0', () => {
  let emu: Emulator;
  before(async () => {
    emu = await start({ preset: 'empty' });
  });
  after(async () => {
    assert.deepEqual(emu.stats().response_violations, []);
    await emu.close();
  });

  test('consent → code → tokens with PKCE; the code is single-use; 2 h expiry', async () => {
    const { verifier, challenge } = pkce();
    const back = await consent(emu, challenge, 'allow');
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
    assert.equal(back.searchParams.get('state'), 'st4te');
    const code = back.searchParams.get('code') ?? '';
    const ok = await exchange(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.expires_in, 7200);
    assert.equal(ok.body.scope, SCOPES);
    assert.ok(typeof ok.body.refresh_token === 'string');
    const me = await api(emu, ok.body.access_token as string, '/2/users/me');
    assert.equal(me.status, 200);
    const again = await exchange(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_request');
    assert.equal(again.body.error_description, 'Value passed for the authorization code was invalid.');
    await adminPost(emu, 'clock', { advance_ms: 2 * 3600 * 1000 });
    const expired = await api(emu, ok.body.access_token as string, '/2/users/me');
    assert.equal(expired.status, 401);
    assert.deepEqual(await expired.json(), {
      title: 'Unauthorized',
      type: 'about:blank',
      status: 401,
      detail: 'Unauthorized',
      code: 401,
      message: 'Unauthorized',
    });
  });

  test('a wrong PKCE verifier or redirect_uri is refused', async () => {
    const { challenge } = pkce();
    const code1 = (await consent(emu, challenge, 'allow')).searchParams.get('code') ?? '';
    const bad = await exchange(emu, { grant_type: 'authorization_code', code: code1, redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_request');
    assert.equal(bad.body.error_description, 'Value passed for the code verifier did not match the code challenge.');
    const { verifier, challenge: c2 } = pkce();
    const code2 = (await consent(emu, c2, 'allow')).searchParams.get('code') ?? '';
    const wrongUri = await exchange(emu, {
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: 'vscode://xdm.x-direct-messages/callback',
      code_verifier: verifier,
    });
    assert.equal(wrongUri.body.error, 'invalid_request');
    assert.match(String(wrongUri.body.error_description), /redirect uri/);
  });

  test('the code lives 30 seconds', async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent(emu, challenge, 'allow')).searchParams.get('code') ?? '';
    await adminPost(emu, 'clock', { advance_ms: 31_000 });
    const late = await exchange(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    assert.equal(late.status, 400);
    assert.equal(late.body.error, 'invalid_request');
  });

  test('refresh tokens rotate and are single-use; only with offline.access', async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent(emu, challenge, 'allow')).searchParams.get('code') ?? '';
    const first = await exchange(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    const r1 = first.body.refresh_token as string;
    const second = await exchange(emu, { grant_type: 'refresh_token', refresh_token: r1 });
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refresh_token, r1);
    assert.notEqual(second.body.access_token, first.body.access_token);
    const reuse = await exchange(emu, { grant_type: 'refresh_token', refresh_token: r1 });
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, 'invalid_grant');
    const third = await exchange(emu, { grant_type: 'refresh_token', refresh_token: second.body.refresh_token as string });
    assert.equal(third.status, 200);

    const p = pkce();
    const noOffline = (await consent(emu, p.challenge, 'allow', { scope: 'dm.read tweet.read users.read' })).searchParams.get('code') ?? '';
    const t = await exchange(emu, { grant_type: 'authorization_code', code: noOffline, redirect_uri: REDIRECT, code_verifier: p.verifier });
    assert.equal(t.status, 200);
    assert.equal(t.body.refresh_token, undefined);
  });

  test('cancel redirects with access_denied; deny/approve modes skip the page', async () => {
    const back = await consent(emu, pkce().challenge, 'deny');
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 'st4te');
    await adminPost(emu, 'consent', { mode: 'approve' });
    const auto = await fetch(authorizeUrl(emu, pkce().challenge), { redirect: 'manual' });
    assert.equal(auto.status, 302);
    assert.ok(new URL(auto.headers.get('location') ?? '').searchParams.get('code'));
    await adminPost(emu, 'consent', { mode: 'deny' });
    const denied = await fetch(authorizeUrl(emu, pkce().challenge), { redirect: 'manual' });
    assert.equal(new URL(denied.headers.get('location') ?? '').searchParams.get('error'), 'access_denied');
    await adminPost(emu, 'consent', { mode: 'manual' });
  });

  test('unregistered redirect URIs never receive a redirect; --any-loopback-port widens it', async () => {
    const res = await fetch(authorizeUrl(emu, pkce().challenge, { redirect_uri: 'http://127.0.0.1:9999/callback' }), { redirect: 'manual' });
    assert.equal(res.status, 400);
    assert.match(await res.text(), /id="oauth-error"/);
    const lenient = await start({ preset: 'empty', anyLoopbackPort: true });
    await adminPost(lenient, 'consent', { mode: 'approve' });
    const ok = await fetch(authorizeUrl(lenient, pkce().challenge, { redirect_uri: 'http://127.0.0.1:9999/callback' }), { redirect: 'manual' });
    assert.equal(ok.status, 302);
    assert.match(ok.headers.get('location') ?? '', /^http:\/\/127\.0\.0\.1:9999\/callback\?state=st4te&code=/);
    await lenient.close();
  });

  test('revoked tokens are refused', async () => {
    await adminPost(emu, 'consent', { mode: 'approve' });
    const { verifier, challenge } = pkce();
    const auto = await fetch(authorizeUrl(emu, challenge), { redirect: 'manual' });
    const code = new URL(auto.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const t = await exchange(emu, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    const revoke = await fetch(`${emu.url}/2/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: t.body.access_token as string, client_id: CLIENT, token_type_hint: 'access_token' }).toString(),
    });
    assert.equal(revoke.status, 200);
    assert.equal((await api(emu, t.body.access_token as string, '/2/users/me')).status, 401);
    await adminPost(emu, 'consent', { mode: 'manual' });
  });
});

describe('emulator scope enforcement', () => {
  test('missing dm.write → 403, app-only bearer refused by DM endpoints but fine for lookups', async () => {
    const emu = await start();
    const readOnly = (await (await adminPost(emu, 'tokens', { scopes: ['dm.read', 'tweet.read', 'users.read'] })).json()) as { access_token: string };
    const send = await api(emu, readOnly.access_token, '/2/dm_conversations/with/783214/messages', { method: 'POST', body: { text: 'hi' } });
    assert.equal(send.status, 403);
    assert.equal(send.headers.get('content-type'), 'application/problem+json');
    assert.match(((await send.json()) as { detail: string }).detail, /dm\.write/);
    assert.equal((await api(emu, readOnly.access_token, '/2/dm_events')).status, 200);
    const noDmRead = (await (await adminPost(emu, 'tokens', { scopes: ['tweet.read', 'users.read'] })).json()) as { access_token: string };
    assert.equal((await api(emu, noDmRead.access_token, '/2/dm_events')).status, 403);
    const app = 'AAAAAAAAAAAAAAAAAAAAAxdmEmulatorAppOnlyBearer0001';
    const dm = await api(emu, app, '/2/dm_events');
    assert.equal(dm.status, 403);
    assert.equal(((await dm.json()) as { type: string }).type, 'https://api.x.com/2/problems/unsupported-authentication');
    assert.equal((await api(emu, app, '/2/users/by/username/ada_codes')).status, 200);
    assert.deepEqual(emu.stats().response_violations, []);
    await emu.close();
  });
});
