import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  baseStringUri,
  hmacSha1Signature,
  oauth1AuthorizationHeader,
  percentEncode,
  signatureBaseString,
  oauth1Strategy,
} from '../../../src/auth/flows/oauth1';

test('RFC 5849 §1.2: the photos request is signed MdpQcU8iPSUjWoN/UDMsK2sui9I=', () => {
  const header = oauth1AuthorizationHeader(
    { consumerKey: 'dpf43f3p2l4k3l03', consumerSecret: 'kd94hf93k423kf44', token: 'nnch734d00sl2jdk', tokenSecret: 'pfkkdhi9sl3r4s00' },
    { method: 'GET', url: 'http://photos.example.net/photos?file=vacation.jpg&size=original' },
    { nonce: 'chapoH', timestamp: '137131202', includeVersion: false, realm: 'Photos' },
  );
  assert.equal(
    header,
    'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_nonce="chapoH", oauth_signature_method="HMAC-SHA1", ' +
      'oauth_timestamp="137131202", oauth_token="nnch734d00sl2jdk", oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"',
  );
});

test('RFC 5849 §3.4.1.1: signature base string of the example request', () => {
  const base = signatureBaseString('POST', 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', [
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
    'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D' +
      '%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1' +
      '%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
  );
});

test("Twitter's documented example (Creating a signature) gives hCtSmYh+iHYCEqBWrE7C7hYmtUk=", () => {
  const header = oauth1AuthorizationHeader(
    {
      consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
      consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
      token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
      tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
    },
    {
      method: 'POST',
      url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
      formParams: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
    },
    { nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg', timestamp: '1318622958' },
  );
  assert.match(header, /oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"$/);
  assert.match(header, /oauth_version="1\.0"/);
});

test('percent-encoding follows RFC 3986 unreserved set (RFC 5849 §3.6)', () => {
  assert.equal(percentEncode("Ladies + Gentlemen!*'()~._-"), 'Ladies%20%2B%20Gentlemen%21%2A%27%28%29~._-');
  assert.equal(percentEncode('☃'), '%E2%98%83');
});

test('base string URI drops default ports and lowercases scheme and host', () => {
  assert.equal(baseStringUri(new URL('HTTP://EXAMPLE.com:80/r%20v/X?id=123')), 'http://example.com/r%20v/X');
  assert.equal(baseStringUri(new URL('https://www.example.net:8080/?q=1')), 'https://www.example.net:8080/');
});

test('signature key without a token secret ends with &', () => {
  assert.equal(hmacSha1Signature('base', 'secret'), hmacSha1Signature('base', 'secret', ''));
  assert.notEqual(hmacSha1Signature('base', 'secret'), hmacSha1Signature('base', 'secret', 'x'));
});

test('the OAuth 1.0a strategy signs every attempt afresh and never refreshes', async () => {
  const strategy = oauth1Strategy({ consumerKey: 'ck', consumerSecret: 'cs', token: 't', tokenSecret: 'ts' });
  const a = await strategy.authorize({ method: 'GET', url: 'https://api.x.com/2/users/me' });
  const b = await strategy.authorize({ method: 'GET', url: 'https://api.x.com/2/users/me' });
  assert.match(a.Authorization ?? '', /^OAuth oauth_consumer_key="ck", oauth_nonce="[0-9a-f]{32}"/);
  assert.notEqual(a.Authorization, b.Authorization);
  assert.equal(await strategy.refreshAfterUnauthorized(), false);
});
