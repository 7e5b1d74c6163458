import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composerBlockReason } from '../../../webview/model/composerBlock';
import { threadCapabilities } from '../../../webview/model/threadCapabilities';
import { englishStrings as s } from '../../bench/webviewPage';

test('a legacy thread from a host that sends no flags keeps Delete and attachments', () => {
  assert.deepEqual(threadCapabilities({}), { canDelete: true, canSendMedia: true });
  assert.deepEqual(threadCapabilities({ canDelete: true, canSendMedia: true }), { canDelete: true, canSendMedia: true });
});

test('an encrypted thread offers neither unless the host says so', () => {
  assert.deepEqual(threadCapabilities({ encrypted: true }), { canDelete: false, canSendMedia: false });
  assert.deepEqual(threadCapabilities({ encrypted: true, canDelete: true, canSendMedia: true }), { canDelete: true, canSendMedia: true });
  assert.deepEqual(threadCapabilities({ encrypted: true, canDelete: false, canSendMedia: false }), { canDelete: false, canSendMedia: false });
  // Locked: nothing can be attached, whatever the flag says.
  assert.equal(threadCapabilities({ encrypted: true, locked: true, canSendMedia: true }).canSendMedia, false);
  assert.equal(threadCapabilities({ locked: true }).canDelete, false);
});

test("a locked thread's composer says why it is disabled; the account's blocks come first", () => {
  const until = () => '20:15';
  assert.equal(composerBlockReason(undefined, true, s, until), 'Encrypted chats are locked: unlock them to send in this conversation.');
  assert.equal(composerBlockReason(undefined, false, s, until), undefined);
  assert.equal(composerBlockReason('offline', true, s, until), s.blockedOffline);
  assert.equal(composerBlockReason('rateLimited', false, s, until), "X's rate limit is reached; you can send again at 20:15.");
});
