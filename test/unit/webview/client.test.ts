import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebviewMessage } from '../../../src/protocol/messages';
import { PanelClient, RequestError } from '../../../webview/client';

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
