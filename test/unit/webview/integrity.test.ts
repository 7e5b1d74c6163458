import assert from 'node:assert/strict';
import { test } from 'node:test';
import { format } from '../../../src/protocol/strings';
import type { MessageVM } from '../../../src/protocol/viewModels';
import { announcementText } from '../../../webview/model/announcements';
import { integrityNotice } from '../../../webview/model/integrity';
import { englishStrings as s } from '../../bench/webviewPage';

// The host sends empty text for these; a host bug that sent some must still not surface it.
const hostile = '<img src=x onerror=alert(1)> forged text';
const message = (integrity?: MessageVM['integrity']): MessageVM => ({
  type: 'message', id: '9', senderId: 'eve', senderName: 'Eve', senderUsername: 'eve', fromMe: false, text: hostile, createdAt: 1, status: 'sent', attachments: [], posts: [],
  ...(integrity ? { integrity } : {}),
});

test('a message that did not verify or decrypt is shown by its notice alone', () => {
  assert.equal(integrityNotice(message('unverified'), s), 'Could not verify sender — this message is hidden.');
  assert.equal(integrityNotice(message('undecryptable'), s), 'Could not decrypt this message.');
  for (const integrity of ['unverified', 'undecryptable'] as const) {
    assert.ok(!integrityNotice(message(integrity), s)?.includes('forged'));
  }
});

test('an integrity value this page does not know still hides the text; none shows the message', () => {
  assert.equal(integrityNotice(message('tampered' as MessageVM['integrity']), s), 'Could not decrypt this message.');
  assert.equal(integrityNotice(message(), s), undefined);
});

test('the live region announces the notice, never the text', () => {
  const said = announcementText([message('unverified')], s.newMessageFrom, s.attachmentOnly, format, s);
  assert.equal(said, 'New message from Eve: Could not verify sender — this message is hidden.');
  assert.equal(announcementText([{ ...message('undecryptable'), text: '' }], s.newMessageFrom, s.attachmentOnly, format, s), 'New message from Eve: Could not decrypt this message.');
});
