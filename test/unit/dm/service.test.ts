import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDmService } from '../../../src/dm/createDmService';
import { mediaIdsFor } from '../../../src/dm/media';
import type { DmChange } from '../../../src/dm/dmService';
import { FakeClock, FakeDmApi } from './fakeDmApi';

const me = { id: '100', username: 'me', name: 'Me' };

async function world() {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 1000;
  api.addUser('200', 'alice', 'Alice Liddell');
  api.addUser('300', 'bob', 'Bob');
  api.addMessages(3, '200', { text: (i) => `about the deploy ${i}` });
  api.addMessages(2, '300', { text: (i) => `lunch ${i}` });
  const dm = createDmService({ api, me, clock });
  await dm.syncNow('startup');
  return { clock, api, dm };
}

test('markRead clears unread and notifies; totalUnread sums conversations', async () => {
  const { dm } = await world();
  assert.equal(dm.totalUnread(), 5);
  const changes: DmChange[] = [];
  dm.onDidChange((c) => changes.push(c));
  dm.markRead('100-200');
  assert.equal(dm.conversation('100-200')?.unread, 0);
  assert.equal(dm.totalUnread(), 2);
  assert.deepEqual(changes, [{ conversationIds: ['100-200'], incoming: [] }]);
  dm.markRead('100-200');
  assert.equal(changes.length, 1, 'marking read again is a no-op');
  dm.dispose();
});

test('search covers display names, @usernames and text over the archive', async () => {
  const { dm } = await world();
  assert.deepEqual(dm.search('liddell').map((c) => c.id), ['100-200']);
  assert.deepEqual(dm.search('@bob').map((c) => c.id), ['100-300']);
  assert.deepEqual(dm.search('DEPLOY 1').map((c) => c.id), ['100-200']);
  assert.equal(dm.search('').length, 2);
  dm.dispose();
});

test('users: known users from includes; me resolves without a lookup', async () => {
  const { dm } = await world();
  assert.equal(dm.user('200')?.name, 'Alice Liddell');
  assert.equal(dm.user('100')?.username, 'me');
  assert.equal(dm.user('999'), undefined);
  assert.deepEqual(dm.knownUsers().map((u) => u.id).sort(), ['200', '300']);
  dm.dispose();
});

test('deleteMessage removes the event from X and the archive', async () => {
  const { api, dm } = await world();
  const sent = await dm.send({ participantId: '300' }, 'oops');
  assert.equal(sent.status, 'sent');
  await dm.deleteMessage((sent.status === 'sent' && sent.eventId) || '');
  assert.equal(dm.thread('100-300').items.some((i) => i.type === 'message' && i.text === 'oops'), false);
  assert.equal(api.events.some((e) => e.text === 'oops'), false);
  assert.equal(dm.conversation('100-300')?.preview, 'lunch 1');
  dm.dispose();
});

test('load older pages through the conversation endpoint and keeps its cursor', async () => {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 1000;
  api.addUser('200', 'alice');
  // 250 events in the conversation, 12 h apart: only the newest 61 are inside the 30-day list window.
  api.addMessages(250, '200', { spacingMs: 12 * 60 * 60 * 1000 });
  const dm = createDmService({ api, me, clock });
  await dm.syncNow('startup');
  assert.equal(dm.thread('100-200', { limit: 1000 }).items.length, 61);
  assert.equal(dm.thread('100-200', { limit: 1000 }).mayHaveOlderAtX, true);
  api.resetStats();
  // One page: X has no "before id", so the first page re-reads the 61 archived ones and brings 39 older.
  const first = await dm.loadOlder('100-200');
  assert.deepEqual(first, { added: 39, exhausted: false });
  assert.deepEqual([api.stats.requests, api.stats.eventsRead], [1, 100]);
  // The next calls continue from the saved token, a page each: nothing is read twice.
  assert.deepEqual(await dm.loadOlder('100-200'), { added: 100, exhausted: false });
  assert.deepEqual(await dm.loadOlder('100-200'), { added: 50, exhausted: true });
  assert.deepEqual([api.stats.requests, api.stats.eventsRead], [3, 250]);
  assert.equal(dm.thread('100-200', { limit: 1000 }).items.length, 250);
  assert.equal(dm.thread('100-200').mayHaveOlderAtX, false);
  assert.deepEqual(await dm.loadOlder('100-200', { shown: 250 }), { added: 0, exhausted: true });
  dm.dispose();
});

test('media ids for the download endpoint come from the media key and URL (extension kept)', () => {
  assert.deepEqual(
    mediaIdsFor('3_1846500000000000002', {
      media_key: '3_1846500000000000002',
      type: 'photo',
      url: 'https://ton.x.com/1.1/ton/data/dm/2123/1846500000000000002/hVJQTwig.jpg',
    }),
    { mediaId: '1846500000000000002', resourceId: 'hVJQTwig.jpg' },
  );
});

test('load older uses the archive first: no request while the archive holds more than the thread shows', async () => {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 1000;
  api.addUser('200', 'alice');
  api.addMessages(120, '200');
  const dm = createDmService({ api, me, clock });
  await dm.syncNow('startup');
  api.resetStats();
  const first = dm.thread('100-200', { limit: 50 });
  assert.equal(first.hasOlderInArchive, true);
  assert.deepEqual(await dm.loadOlder('100-200'), { added: 70, exhausted: false });
  assert.equal(api.stats.requests, 0);
  dm.thread('100-200', { limit: 250 });
  const fromX = await dm.loadOlder('100-200');
  // Everything archived is shown: now X is asked (2 pages re-read the 120 known events to learn there is nothing older).
  assert.equal(api.stats.requests, 2);
  assert.equal(fromX.exhausted, true);
  assert.deepEqual(await dm.loadOlder('100-200', { shown: 10 }), { added: 110, exhausted: false });
  dm.dispose();
});

test('a new group is titled with the people picked at once, before any sync (also someone found by @handle)', async () => {
  const { api, dm } = await world();
  const carol = api.addUser('400', 'carol', 'Carol Found-By-Handle');
  api.resetStats();
  // Carol came from an @handle lookup: the archive has never seen her.
  dm.rememberUsers([carol]);
  const sent = await dm.send({ groupParticipantIds: ['200', '400'] }, 'Kick-off');
  assert.equal(sent.status, 'sent');
  assert.ok(sent.status === 'sent' && sent.conversationId !== undefined);
  const groupId = sent.conversationId;
  const group = dm.conversation(groupId);
  assert.equal(group?.kind, 'group');
  assert.equal(group?.title, 'Alice Liddell, Carol Found-By-Handle');
  assert.deepEqual(group?.participants.map((p) => p.id).sort(), ['200', '400']);
  assert.equal(api.stats.requests, 0, 'no read request: the title needs no sync');
  // The sync that follows brings X's join event: still the same two people, no duplicates.
  await dm.syncNow('manual');
  assert.equal(dm.conversation(groupId)?.title, 'Alice Liddell, Carol Found-By-Handle');
  dm.dispose();
});
