import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XUser } from '../../../src/api/schemas/user';
import type { EventRec } from '../../../src/dm/archive/schema';
import {
  participantIds,
  sortConversations,
  summarizeConversation,
  unreadCount,
} from '../../../src/dm/archive/conversationModel';
import { buildThread } from '../../../src/dm/archive/threadModel';
import { searchConversations } from '../../../src/dm/archive/search';
import { compareIds, directConversationId, partnerIdOf } from '../../../src/dm/model/ids';
import { defaultStrings } from '../../../src/dm/strings';

const ME = '100';
const users = new Map<string, XUser>([
  ['200', { id: '200', username: 'ada', name: 'Ada' }],
  ['300', { id: '300', username: 'bob', name: 'Bob' }],
  ['400', { id: '400', username: 'cy', name: 'Cy' }],
  ['500', { id: '500', username: 'dee', name: 'Dee' }],
  ['600', { id: '600', username: 'eve', name: 'Eve' }],
]);
let seq = 1000;
const msg = (c: string, s: string, x: string, a = seq): EventRec => ({ i: String(++seq), t: 0, c, s, a, x });
const join = (c: string, p: string[], a = seq): EventRec => ({ i: String(++seq), t: 1, c, p, a });
const leave = (c: string, p: string[], a = seq): EventRec => ({ i: String(++seq), t: 2, c, p, a });

test('ids: numeric order as strings, 1:1 ids are smaller-larger, partner from the id', () => {
  assert.ok(compareIds('99', '100') < 0);
  assert.ok(compareIds('1849302175620384768', '783214') > 0);
  assert.equal(directConversationId('1849302175620384768', '783214'), '783214-1849302175620384768');
  assert.equal(partnerIdOf('783214-1849302175620384768', '783214'), '1849302175620384768');
  assert.equal(partnerIdOf('123456789012345', '783214'), undefined);
});

test('1:1 conversation: partner, title, preview, unread after the read mark', () => {
  const c = '100-200';
  const events = [msg(c, '200', 'hi'), msg(c, ME, 'hello'), msg(c, '200', 'how are\n you?'), msg(c, '200', 'x'.repeat(200))];
  const s = summarizeConversation({ conversationId: c, events, meId: ME, users, outbox: [], strings: defaultStrings });
  assert.equal(s?.kind, 'direct');
  assert.equal(s?.partner?.username, 'ada');
  assert.equal(s?.title, 'Ada');
  assert.equal(s?.preview.length, 80);
  assert.ok(s?.preview.endsWith('…'));
  assert.equal(s?.previewFromMe, false);
  // my reply counts as read: only the two after it are unread
  assert.equal(s?.unread, 2);
  assert.equal(unreadCount(events, ME, events[2]?.i), 1);
  assert.equal(unreadCount(events, ME, events[3]?.i), 0);
});

test('group: participants from joins, leaves and senders; title with +N; join/leave become system lines', () => {
  const g = '1234567890123456';
  const events = [
    join(g, [ME, '200', '300']),
    msg(g, '200', 'welcome'),
    join(g, ['400', '500']),
    leave(g, ['300']),
    msg(g, '600', 'I was here all along'),
  ];
  assert.deepEqual(participantIds(g, events, ME).sort(), ['200', '400', '500', '600']);
  const s = summarizeConversation({ conversationId: g, events, meId: ME, users, outbox: [], strings: defaultStrings });
  assert.equal(s?.kind, 'group');
  assert.equal(s?.title, 'Ada, Cy, Dee +1');
  assert.equal(s?.partner, undefined);
  const thread = buildThread({
    conversationId: g,
    events,
    meId: ME,
    users,
    media: new Map(),
    posts: new Map(),
    outbox: [],
    mayHaveOlderAtX: true,
  });
  assert.deepEqual(
    thread.items.map((i) => (i.type === 'system' ? `${i.kind}:${i.userIds.join(',')}` : `msg:${i.text}`)),
    ['join:100,200,300', 'msg:welcome', 'join:400,500', 'leave:300', 'msg:I was here all along'],
  );
  const lastIsLeave = summarizeConversation({
    conversationId: g,
    events: events.slice(0, 4),
    meId: ME,
    users,
    outbox: [],
    strings: defaultStrings,
  });
  assert.equal(lastIsLeave?.preview, 'Bob left');
});

test('sorted by last activity; pending outbox messages count as activity and preview', () => {
  const a = summarizeConversation({ conversationId: '100-200', events: [msg('100-200', '200', 'old', 1000)], meId: ME, users, outbox: [], strings: defaultStrings });
  const b = summarizeConversation({ conversationId: '100-300', events: [msg('100-300', '300', 'new', 2000)], meId: ME, users, outbox: [], strings: defaultStrings });
  const pending = summarizeConversation({
    conversationId: '100-400',
    events: [msg('100-400', '400', 'older', 500)],
    meId: ME,
    users,
    outbox: [
      {
        localId: 'local-1',
        target: { participantId: '400' },
        conversationId: '100-400',
        senderId: ME,
        text: 'on my way',
        createdAt: 3000,
        updatedAt: 3000,
        status: 'pending',
        attempts: 1,
      },
    ],
    strings: defaultStrings,
  });
  const sorted = sortConversations([a, b, pending].filter((s) => s !== undefined));
  assert.deepEqual(sorted.map((s) => s.id), ['100-400', '100-300', '100-200']);
  assert.equal(sorted[0]?.preview, 'on my way');
  assert.equal(sorted[0]?.previewFromMe, true);
});

test('thread pages from the newest end with beforeId', () => {
  const c = '100-200';
  const events = Array.from({ length: 120 }, (_, n) => msg(c, n % 2 ? ME : '200', `m${n}`));
  const input = { conversationId: c, events, meId: ME, users, media: new Map(), posts: new Map(), outbox: [], mayHaveOlderAtX: false };
  const first = buildThread(input, { limit: 50 });
  assert.equal(first.items.length, 50);
  assert.equal(first.items[49]?.type === 'message' && first.items[49].text, 'm119');
  assert.equal(first.hasOlderInArchive, true);
  const second = buildThread(input, { limit: 50, beforeId: first.items[0]?.id });
  assert.equal(second.items[49]?.type === 'message' && second.items[49].text, 'm69');
  const third = buildThread(input, { limit: 50, beforeId: second.items[0]?.id });
  assert.equal(third.items.length, 20);
  assert.equal(third.hasOlderInArchive, false);
});

test('search by name, @username and message text', () => {
  const ev = new Map<string, EventRec[]>([
    ['100-200', [msg('100-200', '200', 'the deploy failed')]],
    ['100-300', [msg('100-300', '300', 'lunch?')]],
  ]);
  const summaries = [...ev].flatMap(([id, events]) => {
    const s = summarizeConversation({ conversationId: id, events, meId: ME, users, outbox: [], strings: defaultStrings });
    return s ? [s] : [];
  });
  const of = (id: string) => ev.get(id) ?? [];
  assert.deepEqual(searchConversations(summaries, of, 'ADA').map((s) => s.id), ['100-200']);
  assert.deepEqual(searchConversations(summaries, of, '@bob').map((s) => s.id), ['100-300']);
  assert.deepEqual(searchConversations(summaries, of, 'deploy').map((s) => s.id), ['100-200']);
  assert.equal(searchConversations(summaries, of, 'nothing like this').length, 0);
  assert.equal(searchConversations(summaries, of, '  ').length, 2);
});
