import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../../src/views/messageSchemas';

const ok = (raw: unknown) => {
  const result = parseWebviewMessage(raw);
  assert.equal(result.ok, true, JSON.stringify(result));
};
const rejected = (raw: unknown) => parseWebviewMessage(raw);

test('accepts every well-formed message kind', () => {
  ok({ type: 'ready' });
  ok({ type: 'ready', openConversationId: '1234-5678' });
  ok({ type: 'uiState', state: { drafts: { '1': { savedAt: 5, texts: { '1-2': 'hello' } } }, openConversationId: '1-2', filter: 'ann' } });
  ok({ type: 'log', level: 'error', message: 'boom' });
  ok({ type: 'request', id: 1, method: 'openConversation', params: { conversationId: '1-2' } });
  ok({ type: 'request', id: 2, method: 'closeConversation', params: {} });
  ok({ type: 'request', id: 3, method: 'send', params: { conversationId: '1-2', text: 'hi 👋' } });
  ok({ type: 'request', id: 4, method: 'retry', params: { localId: 'local-abc' } });
  ok({ type: 'request', id: 4, method: 'check', params: { localId: 'local-abc' } });
  ok({ type: 'request', id: 5, method: 'fetchMedia', params: { dmEventId: '99', mediaKey: '3_123' } });
  ok({ type: 'request', id: 5, method: 'fetchMedia', params: { dmEventId: '99', mediaKey: 'c9v61Hdymu6lzVGeAT2hWSNCjGK93kXS' } });
  ok({ type: 'request', id: 6, method: 'openLink', params: { url: 'https://example.com/a' } });
  ok({ type: 'request', id: 7, method: 'runAction', params: { action: 'signIn' } });
  ok({ type: 'request', id: 8, method: 'deleteMessage', params: { conversationId: '1-2', messageId: '77' } });
  ok({ type: 'request', id: 9, method: 'openIn', params: { conversationId: '1-2', where: 'editor' } });
  ok({ type: 'request', id: 9, method: 'openIn', params: { conversationId: '1-2', where: 'sidebar' } });
});

test('rejects hostile and malformed messages, with the request id when one can be read', () => {
  const cases: [unknown, number | undefined][] = [
    [null, undefined],
    ['ready', undefined],
    [42, undefined],
    [{}, undefined],
    [{ type: 'eval', code: 'alert(1)' }, undefined],
    [{ type: 'ready', extra: true }, undefined],
    [{ type: '__proto__' }, undefined],
    [JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'), undefined],
    [{ type: 'request', id: 9, method: 'executeCommand', params: { command: 'workbench.action.terminal.new' } }, 9],
    [{ type: 'request', id: 10, method: 'runAction', params: { action: 'xdm.signOut' } }, 10],
    [{ type: 'request', id: 20, method: 'openIn', params: { conversationId: '1-2', where: 'terminal' } }, 20],
    [{ type: 'request', id: 21, method: 'openIn', params: { conversationId: '../1-2', where: 'editor' } }, 21],
    [{ type: 'request', id: 11, method: 'send', params: { conversationId: '1-2' } }, 11],
    [{ type: 'request', id: 12, method: 'send', params: { conversationId: '1-2', text: '' } }, 12],
    [{ type: 'request', id: 13, method: 'send', params: { conversationId: '1-2', text: '   \n ' } }, 13],
    [{ type: 'request', id: 14, method: 'send', params: { conversationId: '1-2', text: 'x'.repeat(10_001) } }, 14],
    [{ type: 'request', id: 15, method: 'send', params: { conversationId: '../../etc/passwd', text: 'hi' } }, 15],
    [{ type: 'request', id: 16, method: 'send', params: { conversationId: '1-2', text: 'hi', to: 'everyone' } }, 16],
    [{ type: 'request', id: -1, method: 'closeConversation', params: {} }, undefined],
    [{ type: 'request', id: 1.5, method: 'closeConversation', params: {} }, undefined],
    [{ type: 'request', id: '1', method: 'closeConversation', params: {} }, undefined],
    [{ type: 'request', id: 17, method: 'openLink', params: { url: 'h'.repeat(5000) } }, 17],
    [{ type: 'request', id: 18, method: 'fetchMedia', params: { dmEventId: '1', mediaKey: '<img src=x>' } }, 18],
    [{ type: 'request', id: 18, method: 'fetchMedia', params: { dmEventId: '1', mediaKey: '../../etc' } }, 18],
    [{ type: 'request', id: 18, method: 'fetchMedia', params: { dmEventId: '1', mediaKey: 'a'.repeat(51) } }, 18],
    [{ type: 'request', id: 18, method: 'fetchMedia', params: { dmEventId: '1', mediaKey: '' } }, 18],
    [{ type: 'uiState', state: { drafts: { '1': { savedAt: 1, texts: { 'bad key!': 'x' } } } } }, undefined],
    [{ type: 'uiState', state: { drafts: { 'not-a-user': { savedAt: 1, texts: {} } } } }, undefined],
    [{ type: 'uiState', state: { drafts: { '1-2': 'a draft without its account' } } }, undefined],
    [{ type: 'uiState', state: { drafts: { '1': { savedAt: 1, texts: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`c${i}`, 'x'])) } } } }, undefined],
    [{ type: 'log', level: 'info', message: 'x' }, undefined],
  ];
  for (const [raw, id] of cases) {
    const result = rejected(raw);
    assert.equal(result.ok, false, `accepted: ${JSON.stringify(raw)?.slice(0, 80)}`);
    if (!result.ok) assert.equal(result.requestId, id, JSON.stringify(raw)?.slice(0, 80));
  }
});

test('10,000 code points are allowed even when they are 20,000 UTF-16 units', () => {
  ok({ type: 'request', id: 1, method: 'send', params: { conversationId: '1-2', text: '😀'.repeat(10_000) } });
  assert.equal(rejected({ type: 'request', id: 1, method: 'send', params: { conversationId: '1-2', text: '😀'.repeat(10_001) } }).ok, false);
});

test('the rejection reason names the path, never echoes the payload', () => {
  const secret = 'my private message text';
  const result = rejected({ type: 'request', id: 3, method: 'send', params: { conversationId: '1-2', text: secret, extra: secret } });
  assert.equal(result.ok, false);
  if (!result.ok) assert.ok(!result.reason.includes(secret), result.reason);
});

test('attachments: host-minted ids, base64 bytes within the webview cap, alt text within X limit, text optional with one', () => {
  ok({ type: 'request', id: 1, method: 'send', params: { conversationId: '1-2', text: '', attachment: { id: 'att-0f3a' } } });
  ok({ type: 'request', id: 2, method: 'send', params: { conversationId: '1-2', text: 'look', attachment: { id: 'att-1', altText: 'A cat' } } });
  ok({ type: 'request', id: 3, method: 'attachMedia', params: { name: 'cat.png', mimeType: 'image/png', data: 'iVBORw0KGgo=' } });
  ok({ type: 'request', id: 4, method: 'pickMedia', params: {} });
  ok({ type: 'request', id: 5, method: 'uploadMedia', params: { attachmentId: 'att-1' } });
  ok({ type: 'request', id: 6, method: 'removeMedia', params: { attachmentId: 'att-1' } });
  const cases: unknown[] = [
    { type: 'request', id: 7, method: 'send', params: { conversationId: '1-2', text: ' ', attachment: { id: '../x' } } },
    { type: 'request', id: 8, method: 'send', params: { conversationId: '1-2', text: '', attachment: { id: 'att-1', mediaId: '123' } } },
    { type: 'request', id: 9, method: 'send', params: { conversationId: '1-2', text: 'x', attachment: { id: 'att-1', altText: 'a'.repeat(1001) } } },
    { type: 'request', id: 10, method: 'attachMedia', params: { name: 'a.png', mimeType: 'image/png', data: 'not base64!' } },
    { type: 'request', id: 11, method: 'attachMedia', params: { name: 'a.png', mimeType: 'image/png', data: 'A'.repeat(21 * 1024 * 1024) } },
    { type: 'request', id: 12, method: 'attachMedia', params: { name: 'a.png', mimeType: 'image/png', data: 'AAAA', path: '/etc/passwd' } },
    { type: 'request', id: 13, method: 'pickMedia', params: { defaultUri: 'file:///home' } },
    { type: 'request', id: 14, method: 'uploadMedia', params: { attachmentId: 'att-1', mediaCategory: 'tweet_image' } },
  ];
  for (const raw of cases) assert.equal(rejected(raw).ok, false, JSON.stringify(raw).slice(0, 120));
});
