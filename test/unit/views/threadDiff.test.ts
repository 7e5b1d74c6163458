import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MessageVM } from '../../../src/protocol/viewModels';
import { ThreadDiff } from '../../../src/views/threadDiff';

const m = (id: string, status: MessageVM['status'] = 'sent'): MessageVM => ({
  type: 'message', id, senderId: '1', senderName: 'A', senderUsername: 'a', fromMe: true, text: id, createdAt: Number(id.replace(/\D/g, '')) || 0, status, attachments: [], posts: [],
});

test('a new message in a 10,000-message thread is a delta of one', () => {
  const diff = new ThreadDiff();
  const items = Array.from({ length: 10_000 }, (_, i) => m(String(i)));
  diff.reset(items);
  const result = diff.delta([...items, m('10000')]);
  assert.equal(result.upserts.length, 1);
  assert.deepEqual(result.removed, []);
});

test('a pending message confirmed by X: the local id goes, the event id comes; a status flip is an upsert', () => {
  const diff = new ThreadDiff();
  diff.reset([m('1'), m('local-2', 'pending')]);
  const items = (d: { upserts: MessageVM[] | unknown[]; removed: string[] }) => ({ upserts: d.upserts, removed: d.removed });
  assert.deepEqual(items(diff.delta([m('1'), m('2')])), { upserts: [m('2')], removed: ['local-2'] });
  assert.deepEqual(items(diff.delta([m('1'), m('2', 'failed')])), { upserts: [m('2', 'failed')], removed: [] });
  assert.deepEqual(diff.delta([m('1'), m('2', 'failed')]).changed, false);
});

test('"Load older" going away is a change even when no item changed (X said nothing older exists)', () => {
  const diff = new ThreadDiff();
  diff.reset([m('1'), m('2')], true);
  assert.deepEqual(diff.delta([m('1'), m('2')], true), { upserts: [], removed: [], changed: false, canLoadOlder: true });
  assert.deepEqual(diff.delta([m('1'), m('2')], false), { upserts: [], removed: [], changed: true, canLoadOlder: false });
  assert.equal(diff.delta([m('1'), m('2')], false).changed, false, 'posted once');
  assert.equal(diff.delta([m('1'), m('2'), m('3')], false).changed, true);
});
