import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ThreadVM } from '../../../src/protocol/viewModels';
import { followXChatLock } from '../../../webview/model/xchatLockFollow';

const decrypted: ThreadVM = {
  conversationId: 'xchat-1-2', title: 'Ada', subtitle: '@ada', kind: 'direct', canLoadOlder: true, encrypted: true,
  items: [{ type: 'message', id: '5', senderId: '2', senderName: 'Ada', senderUsername: 'ada', fromMe: false, text: 'secret', createdAt: 1, status: 'sent', attachments: [], posts: [] }],
};

test('locking drops the decrypted items of the open encrypted thread at once', () => {
  const next = followXChatLock(decrypted, true, false);
  assert.equal(next.kind, 'lock');
  if (next.kind !== 'lock') return;
  assert.deepEqual(next.thread.items, []);
  assert.equal(next.thread.locked, true);
  assert.equal(next.thread.canLoadOlder, false);
  assert.ok(!JSON.stringify(next.thread).includes('secret'));
});

test('unlocking reopens a locked thread; nothing else changes a thread', () => {
  assert.deepEqual(followXChatLock({ ...decrypted, items: [], locked: true }, false, true), { kind: 'reopen', conversationId: 'xchat-1-2' });
  const legacy: ThreadVM = { ...decrypted, conversationId: '1-2' };
  delete legacy.encrypted;
  assert.deepEqual(followXChatLock(legacy, true, false), { kind: 'keep' });
  assert.deepEqual(followXChatLock(decrypted, true, true), { kind: 'keep' });
  assert.deepEqual(followXChatLock(undefined, true, false), { kind: 'keep' });
  // Already locked stays as the host sent it.
  assert.deepEqual(followXChatLock({ ...decrypted, items: [], locked: true }, true, false), { kind: 'keep' });
});
