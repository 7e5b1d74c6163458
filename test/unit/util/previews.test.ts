import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainText } from '../../../src/util/plainText';
import { shorten } from '../../../src/dm/archive/conversationModel';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test('conversation previews and notification texts never cut an emoji in half', () => {
  const text = `${'a'.repeat(7)}👩‍👩‍👧 and more words to force a cut`;
  for (const max of [8, 9, 10, 11, 12]) {
    for (const cut of [shorten(text, max), plainText(text, { max })]) {
      assert.doesNotMatch(cut, LONE_SURROGATE, `cut at ${max}: ${JSON.stringify(cut)}`);
      assert.ok(cut.endsWith('…'));
      assert.ok(!cut.includes('\u200d…'), 'no half family');
    }
  }
  assert.equal(shorten('👩'.repeat(90), 80), `${'👩'.repeat(79)}…`, 'the limit counts characters as people see them');
});
