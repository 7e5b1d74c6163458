import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConversationVM } from '../../../src/protocol/viewModels';
import { conversationRowLabel, previewLine } from '../../../webview/model/conversationLabel';
import { englishStrings as s } from '../../bench/webviewPage';

const conversation = (extra: Partial<ConversationVM> = {}): ConversationVM => ({
  id: '1-2',
  kind: 'direct',
  title: 'Ada Lovelace',
  subtitle: '@ada',
  lastActivityAt: 0,
  preview: 'See you',
  previewFromMe: false,
  unread: 2,
  ...extra,
});

test('a legacy row reads as before: name, handle, flags, unread, last message', () => {
  assert.equal(conversationRowLabel(conversation({ muted: true }), '5 min ago', s), 'Ada Lovelace, @ada, muted, 2 unread, last message 5 min ago: See you');
  assert.equal(conversationRowLabel(conversation({ previewFromMe: true, unread: 0 }), 'now', s), 'Ada Lovelace, @ada, last message now: You: See you');
});

test('an encrypted row says "encrypted" right after who it is with', () => {
  const id = 'xchat-1-2';
  assert.equal(conversationRowLabel(conversation({ id, encrypted: true }), '5 min ago', s), 'Ada Lovelace, @ada, encrypted, 2 unread, last message 5 min ago: See you');
});

test('a locked row says encrypted and locked, and reads no text even if some was sent', () => {
  // The host sends an empty preview for a locked row; a stray one must still not be read out or shown.
  const locked = conversation({ id: 'xchat-g789', kind: 'group', encrypted: true, locked: true, preview: 'leaked plaintext', unread: 1 });
  const label = conversationRowLabel(locked, '5 min ago', s);
  assert.equal(label, 'Ada Lovelace, @ada, encrypted, locked, 1 unread, last activity 5 min ago');
  assert.equal(previewLine(locked, s), 'Locked · unlock to read');
  // `locked` alone (a host that leaves out `encrypted`) is still an encrypted conversation.
  assert.match(conversationRowLabel(conversation({ locked: true }), 'now', s), /, encrypted, locked, /);
});
