import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConversationArg } from '../../../src/commands/conversationArg';
import { plainName } from '../../../src/commands/plainName';

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

test('plainName: no bidi overrides, controls, link or icon syntax; emoji ZWJ sequences kept', () => {
  assert.equal(plainName('Ada\u202Egnp.exe\u202C'), 'Adagnp.exe');
  assert.equal(plainName('Eve\n\nClick [here](https://evil.example)'), 'Eve Click here(https: //evil.example)');
  assert.equal(plainName('$(alert) <b>x</b>'), '(alert) bx/b');
  assert.equal(plainName('👩‍💻 dev'), '👩‍💻 dev');
  assert.equal(plainName('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
});
