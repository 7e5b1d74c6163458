import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
// An independent RFC 5849 signer (twitter-api-v2's), so the emulator is not checked against itself.
import { OAuth1Helper } from 'twitter-api-v2/dist/cjs/client-mixins/oauth1.helper';
import type { Emulator } from '../../emulator/server';
import { OAUTH1 } from '../../emulator/auth/credentials';
import { hmacSha1, signatureBaseString } from '../../emulator/auth/oauth1';
import { start } from './support';

function signedHeader(method: string, url: string, tokenSecret = OAUTH1.accessTokenSecret, data?: Record<string, string>): string {
  const helper = new OAuth1Helper({ consumerKeys: { key: OAUTH1.consumerKey, secret: OAUTH1.consumerSecret } });
  const info = helper.authorize({ url, method, data }, { key: OAUTH1.accessToken, secret: tokenSecret });
  return helper.toHeader(info).Authorization;
}

describe('emulator OAuth 1.0a (HMAC-SHA1)', () => {
  let emu: Emulator;
  before(async () => {
    emu = await start();
  });
  after(async () => {
    await emu.close();
  });

  test('RFC 5849 section 3.4.1 example vector', () => {
    const base = signatureBaseString('POST', 'http://example.com/request', [
      ['b5', '=%3D'],
      ['a3', 'a'],
      ['c@', ''],
      ['a2', 'r b'],
      ['oauth_consumer_key', '9djdj82h48djs9d2'],
      ['oauth_token', 'kkk9d7dh3k39sjv7'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'],
      ['oauth_nonce', '7d8f3e4a'],
      ['c2', ''],
      ['a3', '2 q'],
    ]);
    assert.equal(
      base,
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
    // RFC 5849 section 1.2 (photos example): known signature.
    const photos = signatureBaseString('GET', 'http://photos.example.net/photos', [
      ['file', 'vacation.jpg'],
      ['size', 'original'],
      ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
      ['oauth_token', 'nnch734d00sl2jdk'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131202'],
      ['oauth_nonce', 'chapoH'],
    ]);
    assert.equal(hmacSha1(photos, 'kd94hf93k423kf44', 'pfkkdhi9sl3r4s00'), 'MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  });

  test('a request signed for the URL a proxy forwarded (X-Forwarded-Host) or for api.x.com is accepted; another host is not', async () => {
    const path = '/2/users/me';
    const viaProxy = await fetch(`${emu.url}${path}`, {
      headers: { authorization: signedHeader('GET', `http://127.0.0.1:9/2/users/me`), 'x-forwarded-host': '127.0.0.1:9' },
    });
    assert.equal(viaProxy.status, 200);
    const forX = await fetch(`${emu.url}${path}`, { headers: { authorization: signedHeader('GET', 'https://api.x.com/2/users/me') } });
    assert.equal(forX.status, 200);
    const elsewhere = await fetch(`${emu.url}${path}`, { headers: { authorization: signedHeader('GET', 'http://127.0.0.1:9/2/users/me') } });
    assert.equal(elsewhere.status, 401);
  });

  test('a correctly signed request is accepted, with query parameters', async () => {
    const url = `${emu.url}/2/dm_events?max_results=5&dm_event.fields=created_at,sender_id`;
    const res = await fetch(url, { headers: { authorization: signedHeader('GET', url) } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data: unknown[] };
    assert.equal(body.data.length, 5);
  });

  test('a POST with a JSON body (not part of the signature) is accepted', async () => {
    const url = `${emu.url}/2/dm_conversations/with/783214/messages`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: signedHeader('POST', url), 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'signed with OAuth 1.0a' }),
    });
    assert.equal(res.status, 201);
  });

  test('DM media download lists only OAuth 2.0 in the spec: OAuth 1.0a gets 403 unsupported-authentication', async () => {
    const ev = [...emu.ctx.store.events.values()].find((e) => e.mediaKeys?.length);
    const media = ev ? emu.ctx.store.mediaByKey(ev.mediaKeys?.[0] ?? '') : undefined;
    assert.ok(ev && media);
    const url = `${emu.url}/2/dm_conversations/media/${ev.id}/${media.id}/${media.resourceId}`;
    const res = await fetch(url, { headers: { authorization: signedHeader('GET', url) } });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { type: string }).type, 'https://api.x.com/2/problems/unsupported-authentication');
  });

  test('a wrong secret, a tampered query or a replayed nonce is rejected with 401', async () => {
    const url = `${emu.url}/2/users/me`;
    const wrong = await fetch(url, { headers: { authorization: signedHeader('GET', url, 'not-the-secret') } });
    assert.equal(wrong.status, 401);
    const signedFor = `${emu.url}/2/dm_events?max_results=5`;
    const tampered = await fetch(`${emu.url}/2/dm_events?max_results=6`, { headers: { authorization: signedHeader('GET', signedFor) } });
    assert.equal(tampered.status, 401);
    const header = signedHeader('GET', url);
    assert.equal((await fetch(url, { headers: { authorization: header } })).status, 200);
    assert.equal((await fetch(url, { headers: { authorization: header } })).status, 401);
  });
});
