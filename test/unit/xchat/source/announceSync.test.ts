import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DmMessage } from '../../../../src/dm/model/message';
import { announceSync, type InboxSyncResult } from '../../../../src/xchat/source/inboxSync';

const message = (id: string, conversationId: string): DmMessage => ({
  type: 'message', id, conversationId, senderId: '2', fromMe: false, text: `hi ${id}`, createdAt: 1, status: 'sent', attachments: [], referencedPosts: [],
});

function result(firstRead: DmMessage[], incoming: DmMessage[] = []): InboxSyncResult {
  const changed = new Set([...firstRead, ...incoming].map((m) => m.conversationId));
  return { listed: [], users: [], changed, incoming, firstRead, backfill: firstRead.length };
}

test('after the unlock’s history sync, a conversation read for the first time is new: its messages notify one by one', () => {
  const change = announceSync(result([message('11', '1-2')]), false);
  assert.deepEqual(change?.incoming.map((m) => [m.id, m.conversationId]), [['11', 'xchat-1-2']]);
  assert.equal(change?.backfill, undefined);
});

test('the unlock’s own first sync reads history: one summary at most, marked firstSync', () => {
  const change = announceSync(result([message('11', '1-2')]), true);
  assert.deepEqual(change?.incoming, []);
  assert.equal(change?.firstSync, true);
  assert.equal(change?.backfillCount, 1);
});

test('more than 50 new messages in one sync become one summary', () => {
  const many = Array.from({ length: 51 }, (_, i) => message(String(100 + i), '1-3'));
  const change = announceSync(result(many.slice(0, 30), many.slice(30)), false);
  assert.deepEqual(change?.incoming, []);
  assert.equal(change?.backfillCount, 51);
});
