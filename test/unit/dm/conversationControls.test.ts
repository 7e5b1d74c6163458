import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDmService } from '../../../src/dm/createDmService';
import { ArchiveState } from '../../../src/dm/archive/state';
import { ConversationPrefs, memoryMemento } from '../../../src/dm/conversationPrefs';
import type { DmChange } from '../../../src/dm/dmService';
import { FakeClock, FakeDmApi } from './fakeDmApi';

const me = { id: '100', username: 'me', name: 'Me' };

async function world(options: { storageDir?: string; prefsMemento?: ReturnType<typeof memoryMemento> } = {}) {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 1000;
  api.addUser('200', 'alice', 'Alice');
  api.addUser('300', 'bob', 'Bob');
  api.addMessages(3, '200');
  api.addMessages(2, '300');
  const dm = createDmService({ api, me, clock, ...options });
  await dm.ready();
  await dm.syncNow('startup');
  return { clock, api, dm };
}

test('Mark as Unread: a read conversation counts 1 unread again (badge total too) until it is read', async () => {
  const { dm } = await world();
  dm.markRead('100-200');
  dm.markRead('100-300');
  assert.equal(dm.totalUnread(), 0);
  const changes: DmChange[] = [];
  dm.onDidChange((c) => changes.push(c));
  dm.markUnread('100-200');
  assert.equal(dm.conversation('100-200')?.unread, 1);
  assert.equal(dm.totalUnread(), 1);
  assert.deepEqual(changes, [{ conversationIds: ['100-200'], incoming: [] }]);
  dm.markRead('100-200');
  assert.equal(dm.conversation('100-200')?.unread, 0, 'reading it clears the mark, although the read mark did not move');
  dm.markUnread('100-300');
  dm.markUnread('100-300');
  assert.equal(dm.conversation('100-300')?.unread, 1, 'never more than the messages there are, at least 1');
  dm.markUnread('no-such');
  dm.dispose();
});

test('Mark as Unread survives a reload of the archive', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'xdm-unread-'));
  try {
    const first = await world({ storageDir: dir });
    first.dm.markRead('100-200');
    first.dm.markUnread('100-200');
    await first.dm.flush();
    first.dm.dispose();
    await first.dm.whenClosed();
    const second = await world({ storageDir: dir });
    assert.equal(second.dm.conversation('100-200')?.unread, 1);
    second.dm.dispose();
    await second.dm.whenClosed();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the unread flag merges last-writer-wins, so two windows replaying each other agree', () => {
  const on = { k: 'mu' as const, c: '100-200', u: { at: 10, on: true } };
  const off = { k: 'mu' as const, c: '100-200', u: { at: 11, on: false } };
  const a = new ArchiveState();
  a.apply(on);
  a.apply(off);
  const b = new ArchiveState();
  b.apply(off);
  b.apply(on);
  assert.deepEqual(a.markedUnread.get('100-200'), { at: 11, on: false });
  assert.deepEqual(b.markedUnread.get('100-200'), { at: 11, on: false });
  const restored = new ArchiveState();
  restored.loadSnapshot(a.toSnapshot(1, 0));
  assert.deepEqual(restored.markedUnread.get('100-200'), { at: 11, on: false });
});

test('Mute: not in the unread total, kept per account in the memento, survives a new service', async () => {
  const memento = memoryMemento();
  const { dm } = await world({ prefsMemento: memento });
  assert.equal(dm.totalUnread(), 5);
  const changes: DmChange[] = [];
  dm.onDidChange((c) => changes.push(c));
  await dm.setMuted('100-200', true);
  assert.equal(dm.isMuted('100-200'), true);
  assert.equal(dm.totalUnread(), 2);
  assert.equal(dm.conversation('100-200')?.unread, 3, 'the conversation itself still shows what is unread');
  assert.deepEqual(changes, [{ conversationIds: ['100-200'], incoming: [] }]);
  dm.dispose();

  const again = await world({ prefsMemento: memento });
  assert.equal(again.dm.isMuted('100-200'), true);
  assert.equal(again.dm.totalUnread(), 2);
  await again.dm.setMuted('100-200', false);
  assert.equal(again.dm.totalUnread(), 5);
  again.dm.dispose();

  const other = createDmService({ api: new FakeDmApi(new FakeClock(), { id: '101', username: 'b', name: 'B' }), me: { id: '101', username: 'b', name: 'B' }, prefsMemento: memento });
  await memento.update('xdm.conversationPrefs.101', { muted: ['x<script>'], blocked: 'nope' });
  assert.equal(other.isMuted('x<script>'), false, 'a stored value that does not validate counts as nothing');
  other.dispose();
});

test('Block: asks X, remembers it, and announces the 1:1 conversation; unblock undoes both', async () => {
  const { api, dm } = await world();
  const changes: DmChange[] = [];
  dm.onDidChange((c) => changes.push(c));
  await dm.setBlocked('200', true);
  assert.equal(api.dmBlocked.has('200'), true);
  assert.equal(dm.isBlocked('200'), true);
  assert.deepEqual(changes, [{ conversationIds: ['100-200'], incoming: [] }]);
  await dm.setBlocked('200', false);
  assert.equal(api.dmBlocked.has('200'), false);
  assert.equal(dm.isBlocked('200'), false);
  assert.equal(api.stats.byEndpoint['POST /2/users/:id/dm/block'], 1);
  assert.equal(api.stats.byEndpoint['POST /2/users/:id/dm/unblock'], 1);
  dm.dispose();
});

test('a refused block is not remembered', async () => {
  const { api, dm } = await world();
  api.blockDms = async () => {
    throw new Error('refused');
  };
  await assert.rejects(dm.setBlocked('200', true), /refused/);
  assert.equal(dm.isBlocked('200'), false);
  dm.dispose();
});

test('Mute an X Chat conversation: its ref is kept, and the legacy mutes stored beside it survive', async () => {
  const memento = memoryMemento();
  const prefs = new ConversationPrefs(memento, me.id);
  await prefs.setMuted('100-200', true);
  await prefs.setMuted('xchat-100-200', true);
  await prefs.setMuted('xchat-g1234', true);
  const fresh = new ConversationPrefs(memento, me.id);
  assert.deepEqual(['100-200', 'xchat-100-200', 'xchat-g1234', '100-300'].map((id) => fresh.isMuted(id)), [true, true, true, false]);
});
