import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initials, linkify } from '../../../webview/model/linkify';
import { messageLength } from '../../../webview/model/messageLength';

test('http(s) URLs become link segments; the rest stays text', () => {
  assert.deepEqual(linkify('see https://example.com/a. ok'), [
    { kind: 'text', text: 'see ' },
    { kind: 'link', text: 'https://example.com/a', url: 'https://example.com/a' },
    { kind: 'text', text: '. ok' },
  ]);
  assert.deepEqual(linkify('(https://en.wikipedia.org/wiki/Foo_(bar))'), [
    { kind: 'text', text: '(' },
    { kind: 'link', text: 'https://en.wikipedia.org/wiki/Foo_(bar))', url: 'https://en.wikipedia.org/wiki/Foo_(bar))' },
  ]);
});

test('javascript:, data: and markup never become links', () => {
  for (const text of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '<a href="javascript:alert(1)">x</a>', 'JaVaScRiPt:alert(1)']) {
    assert.ok(linkify(text).every((s) => s.kind === 'text'), text);
  }
  assert.deepEqual(linkify('<a href="https://evil.example">x</a>').filter((s) => s.kind === 'link').map((s) => s.kind === 'link' && s.url), ['https://evil.example']);
});

test('a bidi override ends a URL so it cannot disguise the rest of the line', () => {
  const segments = linkify('https://example.com/\u202egpj.exe');
  assert.deepEqual(segments[0], { kind: 'link', text: 'https://example.com/', url: 'https://example.com/' });
});

test('segments always reassemble into the original text', () => {
  const text = 'a https://x.com/1, b http://y.org/?q=<b> c\nhttps://z.io';
  assert.equal(linkify(text).map((s) => s.text).join(''), text);
});

test('initials and message length', () => {
  assert.equal(initials('Ann Bee Cee'), 'AB');
  assert.equal(initials('  émile '), 'É');
  assert.equal(initials('🙂 <script>'), 'S');
  assert.equal(initials(''), '?');
  assert.equal(messageLength('a😀b'), 3);
});
