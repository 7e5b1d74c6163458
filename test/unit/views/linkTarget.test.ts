import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkLinkTarget } from '../../../src/views/linkTarget';

test('plain http(s) links pass and show their parsed target', () => {
  assert.deepEqual(checkLinkTarget('https://example.com/a?b=1#c'), { ok: true, target: 'https://example.com/a?b=1#c', host: 'example.com' });
  assert.deepEqual(checkLinkTarget('http://EXAMPLE.com'), { ok: true, target: 'http://example.com/', host: 'example.com' });
});

test('internationalised hosts are shown in punycode, so look-alikes are visible', () => {
  const result = checkLinkTarget('https://аpple.com/login');
  assert.equal(result.ok, true);
  if (result.ok) assert.equal(result.host, 'xn--pple-43d.com');
});

test('other schemes are refused', () => {
  for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vscode://xdm.x-direct-messages/callback', 'command:workbench.action.terminal.new']) {
    const result = checkLinkTarget(url);
    assert.equal(result.ok, false, url);
  }
});

test('credentials that disguise the real host are refused', () => {
  assert.deepEqual(checkLinkTarget('https://x.com@evil.example/'), { ok: false, reason: 'credentials' });
  assert.deepEqual(checkLinkTarget('https://user:pw@example.com/'), { ok: false, reason: 'credentials' });
});

test('bidi overrides and zero-width characters in the host are refused; in the path they are percent-encoded', () => {
  assert.equal(checkLinkTarget('https://exa\u202emple.com/').ok, false);
  assert.equal(checkLinkTarget('https://exam\u200bple.com/').ok, false);
  const inPath = checkLinkTarget('https://example.com/\u202egpj.exe');
  assert.equal(inPath.ok, true);
  if (inPath.ok) assert.equal(inPath.target, 'https://example.com/%E2%80%AEgpj.exe');
});

test('garbage is refused', () => {
  assert.equal(checkLinkTarget('not a url').ok, false);
  assert.equal(checkLinkTarget('https://').ok, false);
});
