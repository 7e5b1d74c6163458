import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArchiveRecord } from '../../../src/dm/archive/schema';
import { fromEventRec, toEventRec } from '../../../src/dm/archive/eventRec';
import { ArchiveState } from '../../../src/dm/archive/state';

const ev = (i: string, a: number): ArchiveRecord => ({ k: 'e', e: { i, t: 0, c: '1-2', s: '2', a, x: `m${i}` } });
const outbox = (updatedAt: number, status: 'pending' | 'unconfirmed' | 'failed'): ArchiveRecord => ({
  k: 'o',
  o: { localId: 'local-a', target: { conversationId: '1-2' }, conversationId: '1-2', senderId: '1', text: 't', createdAt: 1, updatedAt, status, attempts: 1 },
});

function fold(records: ArchiveRecord[]): ArchiveState {
  const state = new ArchiveState();
  for (const r of records) state.apply(r);
  return state;
}

function fingerprint(state: ArchiveState): string {
  return JSON.stringify({ ...state.toSnapshot(0, 0), events: state.conversationEvents('1-2').map((e) => e.i) });
}

test('records are idempotent and order-independent where windows can interleave', () => {
  const windowA: ArchiveRecord[] = [ev('10', 1), ev('12', 3), { k: 'r', c: '1-2', id: '12' }, outbox(5, 'unconfirmed')];
  const windowB: ArchiveRecord[] = [ev('11', 2), { k: 'r', c: '1-2', id: '10' }, outbox(4, 'pending'), ev('10', 1)];
  const ab = fold([...windowA, ...windowB]);
  const ba = fold([...windowB, ...windowA]);
  const twice = fold([...windowA, ...windowB, ...windowA, ...windowB]);
  assert.equal(fingerprint(ab), fingerprint(ba));
  assert.equal(fingerprint(ab), fingerprint(twice));
  assert.deepEqual(ab.conversationEvents('1-2').map((e) => e.i), ['10', '11', '12']); // sorted by id whatever the arrival
  assert.equal(ab.readMarks.get('1-2'), '12'); // read marks only move forward
  assert.equal(ab.outbox.get('local-a')?.status, 'unconfirmed'); // newest update wins
});

test('a deleted event stays deleted even if a late page brings it back', () => {
  const state = fold([ev('10', 1), { k: 'd', id: '10' }, ev('10', 1)]);
  assert.equal(state.events.size, 0);
  assert.equal(state.conversationEvents('1-2').length, 0);
});

test('X events round-trip through the compact record', () => {
  const event = {
    id: '1846500000000000001',
    event_type: 'MessageCreate' as const,
    text: 'hi',
    sender_id: '783214',
    dm_conversation_id: '783214-1849302175620384768',
    created_at: '2026-11-20T10:00:00.000Z',
    attachments: { media_keys: ['3_1'] },
    referenced_tweets: [{ id: '99' }],
  };
  const rec = toEventRec(event, 0);
  assert.ok(rec);
  assert.deepEqual(fromEventRec(rec), event);
  assert.equal(toEventRec({ id: '1', event_type: 'MessageCreate', text: 'no conversation id' }, 0), undefined);
});
