import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSidebarOpenId, parseTabState, tabTitle } from '../../../src/views/tabState';

test('a restored tab state is only a well-formed conversation id', () => {
  assert.deepEqual(parseTabState({ conversationId: '1-2' }), { conversationId: '1-2' });
  for (const raw of [
    undefined,
    null,
    '1-2',
    {},
    { conversationId: '' },
    { conversationId: 12 },
    { conversationId: '../../etc' },
    { conversationId: 'x'.repeat(101) },
    { conversationId: '1-2', drafts: { '1': 'leaked' } },
    { openConversationId: '1-2' },
  ]) {
    assert.equal(parseTabState(raw), undefined, JSON.stringify(raw));
  }
});

test('tab titles carry no control or bidi characters and stay on one line', () => {
  assert.equal(tabTitle('Ada\u202Egnp.exe', 'Conversation'), 'Adagnp.exe');
  assert.equal(tabTitle('\u2066Eve\u2069 \u200Fand\u200E Bob', 'Conversation'), 'Eve and Bob');
  assert.equal(tabTitle('two\nlines\u0000\u009B', 'Conversation'), 'two lines');
  assert.equal(tabTitle('\u202A\u202C \t', 'Conversation'), 'Conversation');
});

test('tab titles keep emoji and joined graphemes, and are shortened at a grapheme boundary', () => {
  assert.equal(tabTitle('👩‍💻 Grace', 'Conversation'), '👩‍💻 Grace');
  const title = tabTitle(`${'a'.repeat(78)}👩‍💻👩‍💻b`, 'Conversation');
  assert.equal(title, `${'a'.repeat(78)}👩‍💻…`);
});

test("the sidebar's restored state yields its open conversation only when the id is well-formed", () => {
  assert.equal(parseSidebarOpenId({ openConversationId: '1-2', drafts: {} }), '1-2');
  assert.equal(parseSidebarOpenId({ drafts: {} }), undefined);
  for (const raw of [undefined, null, '1-2', { openConversationId: 42 }, { openConversationId: '../../etc' }, { openConversationId: 'x'.repeat(101) }]) {
    assert.equal(parseSidebarOpenId(raw), undefined, JSON.stringify(raw));
  }
});
