import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { XDmApi } from '../../src/api/dmApi';
import { createXClient } from '../../src/api/xClient';
import { startPrism, violationRecordingFetch, type PrismHandle } from './apiPrism';

/**
 * The OpenAPI document's own examples parse: Prism's static mock answers every operation with a response assembled
 * from the examples in X's spec (DmEventId 1146654567674912769, DmConversationId 123123123-456456456, the User
 * example TwitterDev, a Problem in `errors`, …), and the client must turn each into typed data — including the
 * partial `errors[]` the examples put next to `data`.
 */
let prism: PrismHandle;
let api: XDmApi;
let recorder: ReturnType<typeof violationRecordingFetch>;

before(async () => {
  prism = await startPrism({ mock: true });
  recorder = violationRecordingFetch();
  api = createXClient({
    baseUrl: prism.url,
    auth: { authorize: async () => ({ authorization: 'Bearer spec-example' }), refreshAfterUnauthorized: async () => false },
    fetch: recorder.fetch,
  });
});

after(async () => {
  await prism?.close();
});

test('DM event lists from the spec examples parse', async () => {
  for (const page of [
    await api.listDmEvents(),
    await api.listConversationEvents('123123123-456456456'),
    await api.listEventsWithParticipant('2244994945'),
  ]) {
    assert.equal(page.events.length, 1);
    const event = page.events[0];
    assert.equal(event.id, '1146654567674912769');
    assert.equal(event.event_type, 'MessageCreate');
    assert.equal(event.dm_conversation_id, '123123123-456456456');
    assert.equal(event.sender_id, '2244994945');
    assert.deepEqual(event.participant_ids, ['2244994945']);
    assert.deepEqual(event.referenced_tweets, [{ id: '1346889436626259968' }]);
    assert.equal(event.created_at, '2019-08-24T14:15:22Z');
    assert.ok(page.includes.users.some((u) => u.username === 'TwitterDev'));
    assert.equal(page.partialErrors.length, 1);
  }
});

test('single event, send, group create and delete from the spec examples parse', async () => {
  const single = await api.getDmEvent('1146654567674912769');
  assert.equal(single.event.id, '1146654567674912769');
  const expected = { dm_conversation_id: '123123123-456456456', dm_event_id: '1146654567674912769' };
  assert.deepEqual(await api.sendToConversation('123123123-456456456', { text: 'hi' }), expected);
  assert.deepEqual(await api.sendToParticipant('2244994945', { text: 'hi' }), expected);
  assert.deepEqual(await api.createGroupConversation(['2244994945', '6253282'], { text: 'hi' }), expected);
  await api.deleteDmEvent('1146654567674912769');
});

test('users and media upload from the spec examples parse', async () => {
  const me = await api.getMe();
  assert.deepEqual(me, { id: '2244994945', name: 'X Dev', username: 'TwitterDev', protected: false });
  assert.equal((await api.getUsersByIds(['2244994945']))[0].username, 'TwitterDev');
  assert.equal((await api.getUsersByUsernames(['TwitterDev']))[0].id, '2244994945');
  assert.deepEqual(await api.uploadDmMedia(new Uint8Array([1, 2, 3]), 'image/png', 'dm_image'), { mediaId: '1146654567674912769' });
  const requestViolations = recorder.log.flatMap((r) => r.violations.filter((v) => v.location[0] === 'request').map((v) => ({ path: r.path, ...v })));
  assert.deepEqual(requestViolations, []);
});
