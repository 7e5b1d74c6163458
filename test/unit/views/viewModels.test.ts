import assert from 'node:assert/strict';
import { test } from 'node:test';
import { avatarUrl, conversationVM, threadItemVM, threadVM } from '../../../src/views/viewModels';
import { ann, bob, fixtureDm, message, summary } from './fixtureDm';
import type { DmEvent } from '../../../src/api/schemas/dmEvent';
import { parseRecord } from '../../../src/dm/archive/schema';
import { fromEventRec, toEventRec } from '../../../src/dm/archive/eventRec';
import type { DmItem } from '../../../src/dm/model/message';
import { buildThread } from '../../../src/dm/archive/threadModel';

test('avatars only from X image host over https', () => {
  assert.equal(avatarUrl('https://pbs.twimg.com/profile_images/1/a.jpg'), 'https://pbs.twimg.com/profile_images/1/a.jpg');
  assert.equal(avatarUrl('http://pbs.twimg.com/a.jpg'), undefined);
  assert.equal(avatarUrl('https://pbs.twimg.com.evil.example/a.jpg'), undefined);
  assert.equal(avatarUrl('https://user@pbs.twimg.com/a.jpg'), undefined);
  assert.equal(avatarUrl('javascript:alert(1)'), undefined);
  assert.equal(avatarUrl(undefined), undefined);
});

test('a direct conversation shows the partner; a group lists usernames and no single avatar', () => {
  const direct = conversationVM(summary());
  assert.equal(direct.subtitle, '@ann');
  assert.equal(direct.avatar?.avatarUrl, ann.avatarUrl);
  assert.equal(direct.title, 'Ann <b>Bold</b>', 'kept as text; escaping is the renderer’s job');
  const group = conversationVM(summary({ id: 'g1', kind: 'group', partner: undefined, participants: [ann, bob], title: 'Team' }));
  assert.equal(group.subtitle, '@ann, @bob');
  assert.equal(group.avatar, undefined);
});

test('messages carry sender names; join/leave lines resolve names, unknown ids fall back to the id', () => {
  const mine = threadItemVM(message({ id: '11', fromMe: true, senderId: '1' }), fixtureDm);
  assert.equal(mine.type === 'message' && mine.senderName, 'Me Myself');
  const theirs = threadItemVM(message(), fixtureDm);
  assert.equal(theirs.type === 'message' && theirs.senderUsername, 'ann');
  const line = threadItemVM({ type: 'system', id: 's1', conversationId: 'g1', kind: 'join', userIds: ['3', '99'], createdAt: 5 }, fixtureDm);
  assert.deepEqual(line, { type: 'system', id: 's1', kind: 'join', names: ['Bob', '99'], createdAt: 5 });
});

test('the thread offers older history when the archive or X has more', () => {
  const base = { items: [message()], hasOlderInArchive: false, mayHaveOlderAtX: false };
  assert.equal(threadVM(summary(), base, fixtureDm).canLoadOlder, false);
  assert.equal(threadVM(summary(), { ...base, mayHaveOlderAtX: true }, fixtureDm).canLoadOlder, true);
  assert.equal(threadVM(summary(), { ...base, hasOlderInArchive: true }, fixtureDm).items.length, 1);
});

test('referenced posts become cards with author and url', () => {
  const item = threadItemVM(
    message({ referencedPosts: [{ id: '5', text: 'a post', author: ann, url: 'https://x.com/ann/status/5' }] }),
    fixtureDm,
  );
  assert.deepEqual(item.type === 'message' && item.posts, [{ id: '5', authorName: ann.name, authorUsername: 'ann', text: 'a post', url: 'https://x.com/ann/status/5' }]);
});

test('X’s url entities travel from the wire through the archive to the view model', () => {
  const event: DmEvent = {
    id: '10',
    event_type: 'MessageCreate',
    text: 'see https://t.co/AbCdEfGhIj',
    sender_id: '2',
    dm_conversation_id: '1-2',
    created_at: '2026-11-21T12:00:00.000Z',
    urls: [{ start: 4, end: 27, url: 'https://t.co/AbCdEfGhIj', expanded_url: 'https://example.com/a?b=1', display_url: 'example.com/a?b=1' }],
  };
  const rec = toEventRec(event, 0);
  assert.ok(rec);
  const stored = parseRecord(JSON.parse(JSON.stringify({ k: 'e', e: rec })));
  assert.ok(stored?.k === 'e', 'the archive line validates');
  assert.deepEqual(fromEventRec(stored.e).urls, event.urls);
  const slice = buildThread({ conversationId: '1-2', events: [stored.e], meId: '1', users: new Map(), media: new Map(), posts: new Map(), outbox: [], mayHaveOlderAtX: false });
  const vm = threadItemVM(slice.items[0] as DmItem, fixtureDm);
  assert.deepEqual(vm.type === 'message' && vm.links, [
    { url: 'https://t.co/AbCdEfGhIj', expandedUrl: 'https://example.com/a?b=1', displayUrl: 'example.com/a?b=1' },
  ]);
});

test('X Chat rows: encrypted always, locked rows show no preview even if the summary carried one', () => {
  const legacy = conversationVM(summary());
  assert.deepEqual([legacy.encrypted, legacy.locked], [undefined, undefined], 'legacy rows carry neither flag');
  const open = conversationVM(summary({ id: 'xchat-1-2', encrypted: true, locked: false, preview: 'decrypted' }));
  assert.deepEqual([open.encrypted, open.locked, open.preview], [true, undefined, 'decrypted']);
  const locked = conversationVM(summary({ id: 'xchat-1-2', encrypted: true, locked: true, preview: 'must not show' }));
  assert.deepEqual([locked.encrypted, locked.locked, locked.preview], [true, true, '']);
});

test('the thread takes delete, attachments and encryption from the conversation’s capabilities; locked shows no items', () => {
  const base = { items: [message()], hasOlderInArchive: false, mayHaveOlderAtX: true };
  const legacy = threadVM(summary(), base, fixtureDm);
  assert.deepEqual([legacy.canDelete, legacy.canSendMedia, legacy.encrypted, legacy.locked], [true, true, undefined, undefined]);
  const xchat = threadVM(summary({ id: 'xchat-1-2', encrypted: true, locked: false }), base, fixtureDm);
  assert.deepEqual([xchat.canDelete, xchat.canSendMedia, xchat.encrypted, xchat.locked, xchat.items.length, xchat.canLoadOlder], [false, false, true, undefined, 1, true]);
  const locked = threadVM(summary({ id: 'xchat-1-2', encrypted: true, locked: true }), base, fixtureDm);
  assert.deepEqual([locked.encrypted, locked.locked, locked.items, locked.canLoadOlder], [true, true, [], false]);
});

test('a message that could not be verified carries its integrity and never its text or links', () => {
  const forged = message({ conversationId: 'xchat-1-2', text: 'forged text', integrity: 'unverified', links: [{ url: 'https://t.co/x' }] });
  const vm = threadItemVM(forged, fixtureDm);
  assert.deepEqual(vm.type === 'message' && [vm.integrity, vm.text, vm.links], ['unverified', '', undefined]);
  const fine = threadItemVM(message(), fixtureDm);
  assert.equal(fine.type === 'message' && 'integrity' in fine, false, 'trusted messages carry no integrity field');
});
