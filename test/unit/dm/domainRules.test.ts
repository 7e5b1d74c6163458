import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMessage } from '../../../src/api/validateInput';
import { summarizeConversation } from '../../../src/dm/archive/conversationModel';
import { isConversationRef, isMessageRef } from '../../../src/dm/model/ids';
import { MAX_DM_TEXT_LENGTH, dmTextLength } from '../../../src/dm/model/limits';
import { defaultStrings } from '../../../src/dm/strings';
import { parseWebviewMessage } from '../../../src/views/messageSchemas';

const send = (conversationId: string, text: string) => ({ type: 'request', id: 1, method: 'send', params: { conversationId, text } });

test('the composer, the webview schema and the API client count the 10,000 characters the same way', () => {
  // "é" typed as e + combining accent: one character to X (NFC), two code points as typed.
  const longest = 'e\u0301'.repeat(MAX_DM_TEXT_LENGTH);
  assert.equal(dmTextLength(longest), MAX_DM_TEXT_LENGTH);
  assert.doesNotThrow(() => checkMessage({ text: longest }), 'X takes it');
  assert.equal(parseWebviewMessage(send('1-2', longest)).ok, true, 'so the panel lets it through');
  assert.equal(parseWebviewMessage(send('1-2', `${longest}e`)).ok, false, 'one more is too long everywhere');
  assert.throws(() => checkMessage({ text: `${longest}e` }));
});

test('ids follow X’s rules everywhere: group ids have 15–19 digits, local ids only where X has none yet', () => {
  assert.equal(isConversationRef('1234567890123456'), true);
  assert.equal(isConversationRef('12-34'), true);
  assert.equal(isConversationRef('9000'), false, 'X has no 4-digit group ids');
  assert.equal(isConversationRef('local-9f2c'), true, 'a new group before X answered');
  assert.equal(isMessageRef('local-9f2c'), true);
  for (const id of ['a:b', 'conv.1', '1-2-3', '']) {
    assert.equal(parseWebviewMessage({ type: 'request', id: 2, method: 'openConversation', params: { conversationId: id } }).ok, false, id);
  }
  assert.equal(parseWebviewMessage({ type: 'request', id: 3, method: 'retry', params: { localId: '77' } }).ok, false, 'retry takes outbox ids only');
});

test('a conversation’s people are domain Persons: camelCase, no X field names', () => {
  const users = new Map([['2', { id: '2', username: 'ann', name: 'Ann', profile_image_url: 'https://pbs.twimg.com/a.jpg', receives_your_dm: true }]]);
  const events = [{ i: '10', t: 0 as const, c: '1-2', s: '2', a: 1, x: 'hi' }];
  const summary = summarizeConversation({ conversationId: '1-2', events, meId: '1', users, outbox: [], strings: defaultStrings });
  assert.deepEqual(summary?.partner, { id: '2', username: 'ann', name: 'Ann', avatarUrl: 'https://pbs.twimg.com/a.jpg', acceptsDms: true });
  assert.deepEqual(summary?.participants, [summary?.partner]);
});
