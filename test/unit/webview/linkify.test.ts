import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initials, linkify, trimTrailingPunctuation } from '../../../webview/model/linkify';
import { dmTextLength as messageLength } from '../../../src/dm/model/limits';

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

test('a t.co link X described shows its display URL and opens its expanded URL; undescribed URLs stay as they are', () => {
  const links = [{ url: 'https://t.co/AbCdEfGhIj', expandedUrl: 'https://example.com/docs?x=1&y=2', displayUrl: 'example.com/docs?x=1&y=2' }];
  assert.deepEqual(linkify('see https://t.co/AbCdEfGhIj, or https://t.co/Zz', links), [
    { kind: 'text', text: 'see ' },
    { kind: 'link', text: 'example.com/docs?x=1&y=2', url: 'https://example.com/docs?x=1&y=2' },
    { kind: 'text', text: ', or ' },
    { kind: 'link', text: 'https://t.co/Zz', url: 'https://t.co/Zz' },
  ]);
  // Text glued to the link (no space before CJK text) still finds the described link.
  assert.deepEqual(linkify('https://t.co/AbCdEfGhIjです', links).map((s) => s.text), ['example.com/docs?x=1&y=2', 'です']);
  // Without an expanded URL the t.co link itself is opened.
  assert.deepEqual(linkify('https://t.co/AbCdEfGhIj', [{ url: 'https://t.co/AbCdEfGhIj' }]), [
    { kind: 'link', text: 'https://t.co/AbCdEfGhIj', url: 'https://t.co/AbCdEfGhIj' },
  ]);
});

// The trailing-punctuation rule used to be a `[…]+$` regex, which retries from every character of a long run of
// punctuation (quadratic: a 10,000-character message took 90–170 ms per render). The backwards scan must decide
// exactly as that rule did; `npx tsx test/bench/linkify.ts` prints both timings.
function regexRule(url: string): string {
  const trailing = /[.,;:!?)\]}]+$/u.exec(url)?.[0] ?? '';
  return trailing && !(trailing.startsWith(')') && url.includes('(')) ? url.slice(0, url.length - trailing.length) : url;
}

test('trailing punctuation: the linear scan decides exactly as the old regex rule, on every short combination', () => {
  const alphabet = ['a', '.', ',', ')', '(', ']', '!', '?', '}', ':', ';', '/'];
  let checked = 0;
  const visit = (prefix: string, depth: number): void => {
    const url = `https://x.io/${prefix}`;
    assert.equal(trimTrailingPunctuation(url), regexRule(url), url);
    checked++;
    if (depth > 0) for (const c of alphabet) visit(prefix + c, depth - 1);
  };
  visit('', 4);
  assert.equal(checked, 1 + 12 + 12 ** 2 + 12 ** 3 + 12 ** 4);
  const adversarial = `https://x.io/${'.,;:!?)]}'.repeat(1100)}a`;
  assert.equal(trimTrailingPunctuation(adversarial), adversarial);
  assert.equal(trimTrailingPunctuation(`${adversarial}).`), adversarial);
});
