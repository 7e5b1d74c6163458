import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DmMessage } from '../../../src/dm/model/message';
import { NotificationPlanner } from '../../../src/notify/notificationPlan';

const now = Date.parse('2026-11-21T12:00:00Z');
let next = 1;
function msg(sender: string, conversation: string, minutesAgo = 0, text = 'hi'): DmMessage {
  return {
    type: 'message',
    id: String(next++),
    senderId: sender,
    fromMe: sender === '1',
    conversationId: conversation,
    text,
    createdAt: now - minutesAgo * 60_000,
    status: 'sent',
    attachments: [],
    referencedPosts: [],
  };
}
const ctx = { meId: '1', visibleConversationId: undefined, now };

test('one new message from someone else: a single notification', () => {
  const planner = new NotificationPlanner();
  const event = msg('2', '1-2', 0, 'hello there');
  const plan = planner.plan({ events: [event] }, ctx);
  assert.equal(plan.kind, 'single');
  assert.equal(plan.kind === 'single' && plan.message.text, 'hello there');
  assert.equal(plan.kind === 'single' && plan.message.conversationId, '1-2');
});

test('never my own messages, system events, the visible conversation, or an event twice', () => {
  const planner = new NotificationPlanner();
  const seenTwice = msg('2', '1-2');
  assert.equal(planner.plan({ events: [msg('1', '1-2')] }, ctx).kind, 'none');
  assert.equal(planner.plan({ events: [{ type: 'system', id: '900', kind: 'join', conversationId: 'g', userIds: ['5'], createdAt: now }] }, ctx).kind, 'none');
  assert.equal(planner.plan({ events: [msg('3', '1-3')] }, { ...ctx, visibleConversationId: '1-3' }).kind, 'none');
  assert.equal(planner.plan({ events: [seenTwice] }, ctx).kind, 'single');
  assert.equal(planner.plan({ events: [seenTwice] }, ctx).kind, 'none');
  planner.markSeen(['77']);
  assert.equal(planner.plan({ events: [{ ...msg('2', '1-2'), id: '77' }] }, ctx).kind, 'none');
});

test('several together: one grouped notification naming each sender once', () => {
  const planner = new NotificationPlanner();
  const plan = planner.plan({ events: [msg('2', '1-2'), msg('3', '1-3'), msg('2', '1-2')] }, ctx);
  assert.equal(plan.kind, 'group');
  if (plan.kind !== 'group') return;
  assert.equal(plan.messages.length, 3);
  assert.deepEqual(plan.senderIds, ['2', '3']);
  assert.deepEqual(plan.conversationIds.sort(), ['1-2', '1-3']);
});

test('no storm: many at once, a backfill, or old messages become one summary', () => {
  const planner = new NotificationPlanner();
  const many = Array.from({ length: 40 }, (_, i) => msg(String(10 + (i % 4)), `c${i % 4}`));
  const plan = planner.plan({ events: many }, ctx);
  assert.deepEqual(plan.kind === 'summary' && [plan.count, plan.conversationIds.length], [40, 4]);
  assert.equal(planner.plan({ events: [msg('2', '1-2')], backfill: true }, ctx).kind, 'summary');
  // DmService's backfill carries a count and the conversations, not the events.
  assert.deepEqual(planner.plan({ events: [], backfill: true, backfillCount: 120, conversationIds: ['a', 'b', 'c'] }, ctx), {
    kind: 'summary',
    count: 120,
    conversationIds: ['a', 'b', 'c'],
  });
  assert.equal(planner.plan({ events: [], backfill: true, backfillCount: 0 }, ctx).kind, 'none');
  assert.equal(planner.plan({ events: [msg('2', '1-2', 60 * 24)] }, ctx).kind, 'summary');
});

test('remembers a bounded number of ids', () => {
  const planner = new NotificationPlanner({ maxGrouped: 5, staleAfterMs: 60_000, rememberIds: 3 });
  const events = [msg('2', 'a'), msg('2', 'a'), msg('2', 'a'), msg('2', 'a')];
  for (const e of events) planner.plan({ events: [e] }, ctx);
  // The oldest was forgotten, so it would notify again; the newest would not.
  assert.equal(planner.plan({ events: [events[0]] }, ctx).kind, 'single');
  assert.equal(planner.plan({ events: [events[3]] }, ctx).kind, 'none');
});

test('muted conversations never notify: alone, next to others, or in a backfill summary', () => {
  const planner = new NotificationPlanner();
  const muted = { ...ctx, isMuted: (id: string) => id === '1-9' };
  assert.equal(planner.plan({ events: [msg('9', '1-9')] }, muted).kind, 'none');
  const mixed = planner.plan({ events: [msg('9', '1-9', 0, 'muted'), msg('2', '1-2', 0, 'loud')] }, muted);
  assert.equal(mixed.kind, 'single');
  assert.equal(mixed.kind === 'single' && mixed.message.conversationId, '1-2');
  assert.equal(planner.plan({ events: [], backfill: true, backfillCount: 40, conversationIds: ['1-9'] }, muted).kind, 'none');
  const summary = planner.plan({ events: [], backfill: true, backfillCount: 40, conversationIds: ['1-9', '1-2'] }, muted);
  assert.deepEqual(summary.kind === 'summary' && summary.conversationIds, ['1-2']);
});

test('X Chat refs: the legacy 1:1 and the X Chat 1:1 with the same person are muted, open and grouped apart', () => {
  const planner = new NotificationPlanner();
  const legacy = msg('2', '1-2', 0, 'plain');
  const encrypted = msg('2', 'xchat-1-2', 0, 'secret');
  const mutedXChat = { ...ctx, isMuted: (id: string) => id === 'xchat-1-2' };
  const plan = planner.plan({ events: [legacy, encrypted] }, mutedXChat);
  assert.deepEqual(plan.kind === 'single' && [plan.message.conversationId, plan.message.text], ['1-2', 'plain'], 'muting the X Chat leaves the legacy one');
  const open = planner.plan({ events: [msg('2', 'xchat-1-2', 0, 'again')] }, { ...ctx, visibleConversationId: '1-2' });
  assert.deepEqual(open.kind === 'single' && open.message.conversationId, 'xchat-1-2', 'the legacy thread being open does not hide the X Chat one');
  const both = planner.plan({ events: [msg('2', '1-2'), msg('2', 'xchat-1-2')] }, ctx);
  assert.deepEqual(both.kind === 'group' && both.conversationIds, ['1-2', 'xchat-1-2']);
});

test('an unlock’s first X Chat sync (firstSync, with a backfill count) never notifies', () => {
  const planner = new NotificationPlanner();
  const plan = planner.plan({ events: [], firstSync: true, backfill: true, backfillCount: 12, conversationIds: ['xchat-1-2'] }, ctx);
  assert.equal(plan.kind, 'none');
  const control = planner.plan({ events: [], backfill: true, backfillCount: 12, conversationIds: ['xchat-1-2'] }, ctx);
  assert.equal(control.kind, 'summary', 'control: without firstSync the same batch is a summary');
});
