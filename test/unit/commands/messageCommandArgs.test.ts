import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessageCommandArg } from '../../../src/protocol/messageCommandArgs';

test('reads the panel context-menu argument and the other accepted shapes', () => {
  assert.deepEqual(parseMessageCommandArg({ webviewSection: 'message', conversationId: '1-2', messageId: '123' }), {
    eventId: '123',
    conversationId: '1-2',
    text: undefined,
  });
  assert.equal(parseMessageCommandArg({ eventId: '5' }).eventId, '5');
  assert.deepEqual(parseMessageCommandArg('1234567890'), { eventId: '1234567890' });
  assert.deepEqual(parseMessageCommandArg('local-abc'), { eventId: 'local-abc' });
  assert.deepEqual(parseMessageCommandArg('hello world'), { text: 'hello world' });
  assert.deepEqual(parseMessageCommandArg({ text: 't', messageId: 7 }), { eventId: undefined, conversationId: undefined, text: 't' });
  assert.deepEqual(parseMessageCommandArg(null), {});
  assert.deepEqual(parseMessageCommandArg(42), {});
});
