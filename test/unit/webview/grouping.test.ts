import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MessageVM, SystemLineVM, ThreadItemVM } from '../../../src/protocol/viewModels';
import { applyDelta, buildRows } from '../../../webview/model/grouping';

const day = (d: number, h = 12) => new Date(2026, 10, d, h).getTime();
const msg = (id: string, senderId: string, at: number, extra: Partial<MessageVM> = {}): MessageVM => ({
  type: 'message', id, senderId, senderName: senderId, senderUsername: senderId, fromMe: senderId === 'me', text: id, createdAt: at, status: 'sent', attachments: [], posts: [], ...extra,
});
const join = (id: string, at: number): SystemLineVM => ({ type: 'system', id, kind: 'join', names: ['Cy'], createdAt: at });

test('messages group by sender within a day; a new day starts with a separator and a new group', () => {
  const rows = buildRows([
    msg('a', 'ann', day(1, 9)),
    msg('b', 'ann', day(1, 10)),
    msg('c', 'me', day(1, 11)),
    msg('d', 'me', day(2, 9)),
    msg('e', 'ann', day(2, 10)),
  ]);
  assert.deepEqual(
    rows.map((r) => (r.kind === 'message' ? `${r.key}${r.groupStart ? '^' : ''}${r.groupEnd ? '$' : ''}` : r.kind)),
    ['day', 'a^', 'b$', 'c^$', 'day', 'd^$', 'e^$'],
  );
});

test('a join/leave line breaks a group and is its own row', () => {
  const rows = buildRows([msg('a', 'ann', day(3, 9)), join('j', day(3, 10)), msg('b', 'ann', day(3, 11))]);
  assert.deepEqual(rows.map((r) => r.kind), ['day', 'message', 'system', 'message']);
  assert.equal(rows[3]?.kind === 'message' && rows[3].groupStart, true);
});

test('grouping 10,000 messages is linear and keeps every message', () => {
  const items: ThreadItemVM[] = Array.from({ length: 10_000 }, (_, i) => msg(String(i), i % 3 ? 'ann' : 'me', day(1) + i * 60_000));
  const rows = buildRows(items);
  assert.equal(rows.filter((r) => r.kind === 'message').length, 10_000);
  assert.equal(rows.filter((r) => r.kind === 'day').length, new Set(items.map((i) => new Date(i.createdAt).toDateString())).size);
});

test('deltas replace by id, drop removed ids, insert new ones in time order', () => {
  const items = [msg('1', 'a', 10), msg('2', 'a', 20), msg('local-3', 'me', 30, { status: 'pending' })];
  const next = applyDelta(items, [msg('3', 'me', 30), msg('0', 'a', 5), msg('2', 'a', 20, { text: 'edited' })], ['local-3']);
  assert.deepEqual(next.map((i) => i.id), ['0', '1', '2', '3']);
  assert.equal(next[2]?.type === 'message' && next[2].text, 'edited');
  assert.equal(next[1], items[0], 'unchanged items keep their identity (no re-render)');
});
