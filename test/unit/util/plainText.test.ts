import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinPlain, markdownText, plainText, truncateGraphemes, withIcon } from '../../../src/util/plainText';

const WJ = '\u2060';
/** VS Code 1.100's notification / input-box link grammar (vs/base/common/linkedText.ts), copied to test against. */
const LINK_REGEX = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** VS Code 1.100's icon grammar in labels (vs/base/browser/ui/iconLabel/iconLabels.ts). */
const ICON_REGEX = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
const visible = (text: string): string => text.replaceAll(WJ, '');

test('link syntax stays readable but no longer parses as a link, whatever the scheme', () => {
  for (const hostile of [
    '[Open settings](command:workbench.action.openSettings)',
    '[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
    '[your bank](https://evil.example/login "Bank")',
    '[x](file:///etc/passwd)',
    '[X](HTTPS://EVIL.EXAMPLE)',
    'two [a](command:a) links [b](command:b)',
  ]) {
    const out = plainText(hostile);
    assert.equal(visible(out), hostile, 'the text reads as typed');
    assert.equal(out.match(LINK_REGEX), null, `no link parsed in ${out}`);
  }
});

test('codicon syntax stays readable but renders no icon', () => {
  const out = plainText('$(alert) $(sync~spin) urgent');
  assert.equal(visible(out), '$(alert) $(sync~spin) urgent');
  assert.equal(out.match(ICON_REGEX), null);
  assert.equal(withIcon('person', plainText('$(x) Eve')).match(ICON_REGEX)?.length, 1, 'only our own icon remains');
});

test('neutralising twice changes nothing more (composed messages may be neutralised again)', () => {
  const once = plainText('[a](command:x) $(y)');
  assert.equal(plainText(once), once);
  assert.equal(joinPlain([plainText('[a]'), plainText('(command:x)')], ''), `[a]${WJ}(command:x)`);
});

test('bidi controls, ANSI escapes and control characters are removed; line breaks become spaces', () => {
  assert.equal(plainText('abc\u202Etxt.exe\u202C'), 'abctxt.exe');
  assert.equal(plainText('\u2066a\u2069\u200E\u200F\u061Cb'), 'ab');
  assert.equal(plainText('\u001b[31mred\u001b[0m \u001b]8;;https://x.example\u0007link\u001b]8;;\u0007'), 'red link');
  assert.equal(plainText('line one\r\nline two\rthree\nfour\u2028five\tsix'), 'line one line two three four five six');
  assert.equal(plainText('bell\u0007 nul\u0000 del\u007f c1\u0085\u009b'), 'bell nul del c1');
  assert.equal(plainText('  spaced   out  '), 'spaced out');
  assert.equal(plainText(undefined), '');
  assert.equal(plainText('broken \ud800 surrogate'), 'broken \ufffd surrogate');
});

test('dialog details keep their lines, still without controls', () => {
  assert.equal(plainText('first\r\nsecond \u202E\n\tthird\u0007', { lines: true }), 'first\nsecond\n third');
});

test('cuts on grapheme boundaries with an ellipsis, never inside an emoji', () => {
  const family = '👩‍👩‍👧';
  assert.equal(truncateGraphemes(`${family}${family}${family}`, 2), `${family}…`);
  assert.equal(plainText('👩👩👩👩', { max: 3 }), '👩👩…');
  assert.equal(plainText('e\u0301e\u0301e\u0301', { max: 2 }), 'e\u0301…');
  assert.equal(plainText('short', { max: 10 }), 'short');
  assert.equal(plainText('hello world', { max: 7 }), 'hello…');
  assert.equal(plainText('🇫🇷🇩🇪🇮🇹', { max: 2 }), '🇫🇷…');
});

test('markdown text escapes every markdown construct, including bare links and HTML', () => {
  const out = markdownText('**b** [x](https://e.example) <img src=x> https://evil.example &amp; $(alert) # h');
  assert.equal(
    out,
    `\\*\\*b\\*\\* \\[x\\]${WJ}\\(https\\:\\/\\/e\\.example\\) \\<img src\\=x\\> https\\:\\/\\/evil\\.example \\&amp\\; \\$${WJ}\\(alert\\) \\# h`,
  );
});
