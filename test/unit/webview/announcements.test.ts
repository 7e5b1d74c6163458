import assert from 'node:assert/strict';
import { test } from 'node:test';
import { format } from '../../../src/protocol/strings';
import type { MessageVM, ThreadVM } from '../../../src/protocol/viewModels';
import { announcementText, arrivedMessages } from '../../../webview/model/announcements';

const msg = (id: string, senderId: string, at: number, extra: Partial<MessageVM> = {}): MessageVM => ({
  type: 'message', id, senderId, senderName: senderId === 'ada' ? 'Ada Lovelace' : senderId, senderUsername: senderId, fromMe: senderId === 'me', text: `text ${id}`, createdAt: at, status: 'sent', attachments: [], posts: [], ...extra,
});
const thread = (conversationId: string, items: MessageVM[]): ThreadVM => ({ conversationId, title: 't', subtitle: '', kind: 'direct', items, canLoadOlder: false });
const notices = { integrityUnverified: 'Could not verify sender — this message is hidden.', integrityUndecryptable: 'Could not decrypt this message.' };
const say = (messages: MessageVM[]) => announcementText(messages, 'New message from {0}: {1}', 'an attachment', format, notices);

test('a message from someone else appended to the open conversation is announced', () => {
  const before = thread('1-2', [msg('1', 'ada', 1)]);
  const after = thread('1-2', [msg('1', 'ada', 1), msg('2', 'ada', 2)]);
  assert.equal(say(arrivedMessages(before, after)), 'New message from Ada Lovelace: text 2');
});

test('opening a conversation, switching to another and my own sends announce nothing', () => {
  const opened = thread('1-2', [msg('1', 'ada', 1)]);
  assert.deepEqual(arrivedMessages(undefined, opened), []);
  assert.deepEqual(arrivedMessages(opened, thread('1-3', [msg('9', 'bob', 5)])), []);
  assert.deepEqual(arrivedMessages(opened, thread('1-2', [msg('1', 'ada', 1), msg('2', 'me', 2)])), []);
  // The header is painted first with no items; the loaded thread that follows is the opening, not an arrival.
  assert.deepEqual(arrivedMessages(thread('1-2', []), opened), []);
});

test('older history revealed above the thread is not announced', () => {
  const shown = thread('1-2', [msg('5', 'ada', 5)]);
  const withOlder = thread('1-2', [msg('3', 'ada', 3), msg('4', 'ada', 4), msg('5', 'ada', 5)]);
  assert.deepEqual(arrivedMessages(shown, withOlder), []);
});

test('a burst is cut to its last three lines; an attachment-only message is named as such', () => {
  const before = thread('1-2', [msg('1', 'ada', 1)]);
  const burst = [2, 3, 4, 5].map((n) => msg(String(n), 'ada', n, n === 5 ? { text: '' } : {}));
  const lines = say(arrivedMessages(before, thread('1-2', [msg('1', 'ada', 1), ...burst]))).split('\n');
  assert.deepEqual(lines, ['New message from Ada Lovelace: text 3', 'New message from Ada Lovelace: text 4', 'New message from Ada Lovelace: an attachment']);
});
