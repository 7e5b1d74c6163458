import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bootstrap } from '../../../src/protocol/messages';
import type { WebviewStrings } from '../../../src/protocol/strings';
import { buildHtml, jsonForScript } from '../../../src/views/html';

const strings = new Proxy({}, { get: (_t, key) => String(key) }) as WebviewStrings;
const hostile = '</script><script>alert(1)</script><!-- \u2028 & "quotes"';

function bootstrap(): Bootstrap {
  return {
    strings,
    locale: 'en',
    state: {
      screen: 'signedIn',
      accounts: [],
      conversations: [{ id: '1-2', kind: 'direct', title: hostile, subtitle: '@x', lastActivityAt: 0, preview: hostile, previewFromMe: false, unread: 0 }],
      sync: { phase: 'idle' },
      sendOnEnter: true,
    },
  };
}

const html = buildHtml({ cspSource: 'https://webview.example', nonce: 'abc123', scriptUri: 'https://webview.example/dist/webview.js', styleUri: 'https://webview.example/media/panel.css', codiconUri: 'https://webview.example/dist/codicons/codicon.css', bootstrap: bootstrap() });

test('the CSP denies by default and allows only the nonce script, own styles/fonts and the listed image sources', () => {
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  assert.equal(
    csp,
    "default-src 'none'; script-src 'nonce-abc123'; style-src https://webview.example; font-src https://webview.example; img-src https://webview.example data: blob: https://pbs.twimg.com",
  );
  assert.ok(!html.includes('unsafe-inline'));
  assert.ok(!html.includes('unsafe-eval'));
});

test('every script carries the nonce; the only executable one is the bundle', () => {
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
  assert.equal(scripts.length, 2);
  for (const attrs of scripts) assert.match(attrs, /nonce="abc123"/);
  assert.match(scripts[0]!, /type="application\/json"/);
  assert.match(scripts[1]!, /src="https:\/\/webview.example\/dist\/webview.js"/);
});

test('hostile text in the bootstrap cannot close its script element and round-trips exactly', () => {
  assert.equal(html.split('</script>').length - 1, 2, 'only the two real closing tags');
  assert.ok(!html.includes('<!--'));
  const json = /<script type="application\/json" id="xdm-bootstrap"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const parsed = JSON.parse(json) as Bootstrap;
  assert.equal(parsed.state.conversations[0]!.title, hostile);
});

test('jsonForScript escapes exactly the characters that matter', () => {
  assert.equal(jsonForScript({ a: '<>&\u2028\u2029' }), '{"a":"\\u003c\\u003e\\u0026\\u2028\\u2029"}');
});
