import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REQUEST_TIMEOUT_MS, SEND_DEADLINE_MS } from '../../../src/protocol/messages';
import type { WebviewMessage } from '../../../src/protocol/messages';
import type { ThreadVM } from '../../../src/protocol/viewModels';
import { heldByOutbox } from '../../../webview/model/unsent';
import { PanelClient, RequestError } from '../../../webview/client';
import { parseWebviewMessage } from '../../../src/views/messageSchemas';

function fakeApi() {
  const posted: WebviewMessage[] = [];
  return { posted, api: { postMessage: (m: WebviewMessage) => posted.push(m), getState: () => undefined, setState: () => undefined } };
}

test('requests carry increasing ids and resolve with the matching response', async () => {
  const { posted, api } = fakeApi();
  const client = new PanelClient(api, 1000);
  const first = client.request('search', { query: 'a' });
  const second = client.request('closeConversation', {});
  assert.deepEqual(posted.map((m) => m.type === 'request' && m.id), [1, 2]);
  client.receive({ type: 'response', id: 2, ok: true, result: null });
  client.receive({ type: 'response', id: 1, ok: true, result: [] });
  assert.deepEqual(await first, []);
  assert.equal(await second, null);
});

test('errors settle as RequestError with the host code; silence settles as a timeout', async () => {
  const { api } = fakeApi();
  const client = new PanelClient(api, 20);
  const failing = client.request('send', { conversationId: '1', text: 'x' });
  client.receive({ type: 'response', id: 1, ok: false, error: { code: 'signedOut', message: 'Sign in' } });
  await assert.rejects(failing, (e: unknown) => e instanceof RequestError && e.code === 'signedOut');
  await assert.rejects(client.request('closeConversation', {}), (e: unknown) => e instanceof RequestError && e.code === 'timeout');
});

test('notifications reach listeners; junk and unknown response ids are ignored', () => {
  const { api } = fakeApi();
  const client = new PanelClient(api, 1000);
  const seen: string[] = [];
  client.onNotification((m) => seen.push(m.type));
  client.receive('junk');
  client.receive(null);
  client.receive({ type: 'response', id: 99, ok: true, result: 1 });
  client.receive({ type: 'open', conversationId: '1-2' });
  assert.deepEqual(seen, ['open']);
});

test('a send the host answers at its own deadline is still waited for: the webview gives up strictly later', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { api } = fakeApi();
  const client = new PanelClient(api);
  const sending = client.request('send', { conversationId: '1-2', text: 'x' });
  t.mock.timers.tick(SEND_DEADLINE_MS);
  client.receive({ type: 'response', id: 1, ok: true, result: { status: 'unconfirmed', reason: 'may have been sent' } });
  assert.deepEqual(await sending, { status: 'unconfirmed', reason: 'may have been sent' });
  const silent = client.request('send', { conversationId: '1-2', text: 'y' });
  t.mock.timers.tick(REQUEST_TIMEOUT_MS);
  await assert.rejects(silent, (e: unknown) => e instanceof RequestError && e.code === 'timeout');
});

test('after a failed send request the text goes back to the composer only if the outbox does not hold it', () => {
  const base: ThreadVM = { conversationId: '1-2', title: 'A', subtitle: '@a', kind: 'direct', items: [], canLoadOlder: false };
  const message = { type: 'message' as const, id: 'local-1', localId: 'local-1', senderId: '1', senderName: 'Me', senderUsername: 'me', fromMe: true, text: 'hello', createdAt: 0, status: 'unconfirmed' as const, attachments: [], posts: [] };
  assert.equal(heldByOutbox(base, 'hello'), false);
  assert.equal(heldByOutbox(undefined, 'hello'), false);
  assert.equal(heldByOutbox({ ...base, items: [message] }, 'hello'), true);
  assert.equal(heldByOutbox({ ...base, items: [{ ...message, localId: undefined, id: '99', status: 'sent' }] }, 'hello'), false, 'an older sent copy does not count');
});

test('a document says ready with its own id and applies a queued notification addressed to it once, acknowledging each copy', () => {
  const { posted, api } = fakeApi();
  const client = new PanelClient(api, 1000);
  const other = new PanelClient(fakeApi().api, 1000);
  assert.notEqual(client.documentId, other.documentId);
  client.ready('1-2');
  assert.deepEqual(posted, [{ type: 'ready', documentId: client.documentId, openConversationId: '1-2' }]);
  const seen: string[] = [];
  client.onNotification((m) => seen.push(m.type === 'open' ? m.conversationId : m.type));
  // Meant for the document this one replaced: it will come again, addressed here.
  client.receive({ type: 'open', conversationId: '9-9', seq: 1, documentId: other.documentId });
  client.receive({ type: 'open', conversationId: '1-2', seq: 2, documentId: client.documentId });
  client.receive({ type: 'open', conversationId: '1-2', seq: 2, documentId: client.documentId });
  client.receive({ type: 'state', state: { signedIn: false } });
  assert.deepEqual(seen, ['1-2', 'state']);
  assert.deepEqual(posted.slice(1), [
    { type: 'ack', documentId: client.documentId, seq: 2 },
    { type: 'ack', documentId: client.documentId, seq: 2 },
  ]);
});

test('typing is a command the host validates as { type, conversationId }, with no request id to answer', () => {
  const { posted, api } = fakeApi();
  const client = new PanelClient(api, 1000);
  client.typing('xchat-1-2');
  assert.deepEqual(posted, [{ type: 'typing', conversationId: 'xchat-1-2' }]);
  assert.equal(parseWebviewMessage(posted[0]).ok, true);
});
