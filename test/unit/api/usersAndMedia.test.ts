import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dmMediaRefFromUrl } from '../../../src/api/dmMediaUrl';
import { CHUNK_BYTES } from '../../../src/api/endpoints/media';
import { createXClient } from '../../../src/api/xClient';
import { InstantClock, TestAuth, json, scriptedFetch, type Recorded, type Responder } from './fakeHttp';

function client(responders: Responder[] | Responder) {
  const { fetch, requests } = scriptedFetch(responders);
  const clock = new InstantClock();
  return { api: createXClient({ baseUrl: 'https://api.example.test', auth: new TestAuth(), fetch, clock }), requests, clock };
}

const echoUsers: Responder = (req: Recorded) => {
  const ids = (req.url.searchParams.get('ids') ?? '').split(',');
  return json({
    data: ids.filter((id) => id !== '999').map((id) => ({ id, name: `n${id}`, username: `u${id}` })),
    errors: ids.includes('999') ? [{ title: 'Not Found Error', detail: 'Could not find user with ids: [999].', type: 'https://api.twitter.com/2/problems/resource-not-found', value: '999', resource_id: '999', parameter: 'ids', resource_type: 'user' }] : undefined,
  });
};

test('users by ids: de-duplicated, ≤100 per request, unknown ids skipped', async () => {
  const ids = [...Array.from({ length: 230 }, (_, i) => String(i + 1)), '1', '2', '999'];
  const { api, requests } = client(echoUsers);
  const users = await api.getUsersByIds(ids);
  assert.equal(requests.length, 3);
  assert.deepEqual(requests.map((r) => (r.url.searchParams.get('ids') ?? '').split(',').length), [100, 100, 31]);
  assert.equal(users.length, 230);
  assert.equal(requests[0].url.searchParams.get('user.fields'), 'id,name,username,profile_image_url,receives_your_dm,protected,verified');
  assert.equal((await client(echoUsers).api.getUsersByIds([])).length, 0);
});

test('users by usernames strips @ and uses /2/users/by', async () => {
  const { api, requests } = client([() => json({ data: [{ id: '1', name: 'X Dev', username: 'XDevelopers' }] })]);
  const users = await api.getUsersByUsernames(['@XDevelopers']);
  assert.equal(requests[0].url.pathname, '/2/users/by');
  assert.equal(requests[0].url.searchParams.get('usernames'), 'XDevelopers');
  assert.equal(users[0].username, 'XDevelopers');
});

test('media download returns bytes and content type', async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
  const { api, requests } = client([() => new Response(png, { status: 200, headers: { 'content-type': 'image/png' } })]);
  const media = await api.downloadDmMedia('1', '2', 'abc_DEF-1.png');
  assert.deepEqual([...media.bytes], [...png]);
  assert.equal(media.contentType, 'image/png');
  assert.equal(requests[0].url.pathname, '/2/dm_conversations/media/1/2/abc_DEF-1.png');
});

test('media download: a generic octet-stream type is replaced by the sniffed image type', async () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
  const { api } = client([
    () => new Response(jpeg, { status: 200, headers: { 'content-type': 'application/octet-stream' } }),
    () => new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { 'content-type': 'application/octet-stream' } }),
  ]);
  assert.equal((await api.downloadDmMedia('1', '2', 'x.bin')).contentType, 'image/jpeg');
  assert.equal((await api.downloadDmMedia('1', '2', 'photo.gif')).contentType, 'image/gif');
});

test('dmMediaRefFromUrl reads X ton URLs and v2 download URLs', () => {
  assert.deepEqual(dmMediaRefFromUrl('https://ton.twitter.com/1.1/ton/data/dm/1581048670673260549/1581048663563419648/YWwH5pAx.jpg'), {
    dmEventId: '1581048670673260549',
    mediaId: '1581048663563419648',
    resourceId: 'YWwH5pAx.jpg',
  });
  assert.deepEqual(dmMediaRefFromUrl('http://127.0.0.1:4010/2/dm_conversations/media/1/2/abc.png'), { dmEventId: '1', mediaId: '2', resourceId: 'abc.png' });
  assert.equal(dmMediaRefFromUrl('https://pbs.twimg.com/media/abc.jpg'), undefined);
  assert.equal(dmMediaRefFromUrl('not a url'), undefined);
});

test('chunked upload: initialize, one append per chunk, finalize, status poll', async () => {
  const bytes = new Uint8Array(CHUNK_BYTES * 2 + 10).fill(7);
  const { api, requests, clock } = client([
    () => json({ data: { id: '4242', media_key: '3_4242', expires_after_secs: 86400 } }),
    () => json({ data: { expires_at: 1 } }),
    () => json({ data: { expires_at: 1 } }),
    () => json({}),
    () => json({ data: { id: '4242', processing_info: { state: 'pending', check_after_secs: 2 } } }),
    () => json({ data: { id: '4242', processing_info: { state: 'succeeded', progress_percent: 100 } } }),
  ]);
  const progress: string[] = [];
  const result = await api.uploadDmMedia(bytes, 'image/png', 'dm_image', (sent, total) => progress.push(`${sent}/${total}`));
  assert.deepEqual(result, { mediaId: '4242' });
  assert.deepEqual(progress, [`${CHUNK_BYTES}/${bytes.length}`, `${CHUNK_BYTES * 2}/${bytes.length}`, `${bytes.length}/${bytes.length}`]);
  assert.deepEqual(requests.map((r) => `${r.method} ${r.url.pathname}`), [
    'POST /2/media/upload/initialize',
    'POST /2/media/upload/4242/append',
    'POST /2/media/upload/4242/append',
    'POST /2/media/upload/4242/append',
    'POST /2/media/upload/4242/finalize',
    'GET /2/media/upload',
  ]);
  assert.deepEqual(JSON.parse(requests[0].bodyText), { media_category: 'dm_image', media_type: 'image/png', total_bytes: bytes.length });
  const appends = requests.slice(1, 4).map((r) => JSON.parse(r.bodyText) as { media: string; segment_index: number });
  assert.deepEqual(appends.map((a) => a.segment_index), [0, 1, 2]);
  assert.deepEqual(appends.map((a) => Buffer.from(a.media, 'base64').length), [CHUNK_BYTES, CHUNK_BYTES, 10]);
  assert.equal(requests[5].url.searchParams.get('command'), 'STATUS');
  assert.deepEqual(clock.delays, [2000]);
});
