import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConversationArg } from '../../../src/commands/conversationArg';

test('conversation command args: ids in X patterns only, every other key ignored', () => {
  assert.deepEqual(parseConversationArg({ conversationId: '783214-1849302175620384768', webviewSection: 'conversation', confirmed: true }), {
    conversationId: '783214-1849302175620384768',
  });
  assert.deepEqual(parseConversationArg('1582838736626270208'), { conversationId: '1582838736626270208' });
  assert.deepEqual(parseConversationArg({ userId: '783214', confirmed: true }), { userId: '783214' });
  assert.deepEqual(parseConversationArg({ conversationId: '../x', userId: '1 OR 1' }), {});
  assert.deepEqual(parseConversationArg(42), {});
  assert.deepEqual(parseConversationArg(null), {});
});
