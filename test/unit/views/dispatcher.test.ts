import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostMessage } from '../../../src/protocol/messages';
import { PanelDispatcher, PanelRequestError } from '../../../src/views/dispatcher';
import type { RequestHandlers } from '../../../src/views/dispatcher';
import type { Logger } from '../../../src/util/logger';

function setup(overrides: Partial<RequestHandlers> = {}) {
  const posted: HostMessage[] = [];
  const warnings: string[] = [];
  const calls: string[] = [];
  const events: string[] = [];
  const log: Logger = { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(String(m)) };
  const handler = (name: string) => async () => {
    calls.push(name);
    return null;
  };
  const handlers = {
    openConversation: handler('openConversation'),
    closeConversation: handler('closeConversation'),
    search: async ({ query }: { query: string }) => {
      calls.push(`search:${query}`);
      return [];
    },
    send: handler('send'),
    retry: handler('retry'),
    discard: handler('discard'),
    deleteMessage: handler('deleteMessage'),
    loadOlder: handler('loadOlder'),
    fetchMedia: handler('fetchMedia'),
    openLink: handler('openLink'),
    runAction: handler('runAction'),
    switchAccount: handler('switchAccount'),
    ...overrides,
  } as unknown as RequestHandlers;
  const dispatcher = new PanelDispatcher(
    handlers,
    {
      onReady: (m) => events.push(`ready:${m.openConversationId ?? ''}`),
      onAck: (m) => events.push(`ack:${m.seq}`),
      onUiState: () => events.push('uiState'),
      onTyping: (m) => events.push(`typing:${m.conversationId}`),
    },
    (m) => posted.push(m),
    log,
  );
  return { dispatcher, posted, warnings, calls, events };
}

test('a valid request reaches its handler and is answered once with its id', async () => {
  const { dispatcher, posted, calls } = setup();
  await dispatcher.handle({ type: 'request', id: 7, method: 'search', params: { query: 'ann' } });
  assert.deepEqual(calls, ['search:ann']);
  assert.deepEqual(posted, [{ type: 'response', id: 7, ok: true, result: [] }]);
});

test('ready, ack and uiState are events, not requests', async () => {
  const { dispatcher, posted, events } = setup();
  const documentId = '0b7c2e1a-4f5d-4c3b-9a8e-1d2c3b4a5f60';
  await dispatcher.handle({ type: 'ready', openConversationId: '1-2' });
  await dispatcher.handle({ type: 'ready', documentId, openConversationId: '1-2' });
  await dispatcher.handle({ type: 'ack', documentId, seq: 3 });
  await dispatcher.handle({ type: 'uiState', state: { drafts: {} } });
  assert.deepEqual(events, ['ready:1-2', 'ready:1-2', 'ack:3', 'uiState']);
  assert.equal(posted.length, 0);
});

test('a ready or ack whose document id or receipt number is not what a document makes is rejected', async () => {
  const { dispatcher, events } = setup();
  await dispatcher.handle({ type: 'ready', documentId: '<img src=x>' });
  await dispatcher.handle({ type: 'ack', documentId: '0b7c2e1a-4f5d-4c3b-9a8e-1d2c3b4a5f60', seq: 0 });
  await dispatcher.handle({ type: 'ack', documentId: '0b7c2e1a-4f5d-4c3b-9a8e-1d2c3b4a5f60', seq: 1.5 });
  await dispatcher.handle({ type: 'ack', seq: 2 });
  assert.deepEqual(events, []);
  assert.equal(dispatcher.rejected, 4);
});

test('malformed messages are rejected, logged, never handled; requests among them get an invalid answer', async () => {
  const { dispatcher, posted, warnings, calls } = setup();
  await dispatcher.handle({ type: 'request', id: 3, method: 'runAction', params: { action: 'workbench.action.terminal.new' } });
  await dispatcher.handle({ type: 'nope' });
  await dispatcher.handle('<script>alert(1)</script>');
  assert.deepEqual(calls, []);
  assert.equal(dispatcher.rejected, 3);
  assert.equal(warnings.length, 3);
  assert.deepEqual(posted, [{ type: 'response', id: 3, ok: false, error: { code: 'invalid', message: 'Invalid request.' } }]);
});

test('a failing handler settles the request with {code, message}', async () => {
  const { dispatcher, posted } = setup({
    send: async () => {
      throw new PanelRequestError('signedOut', 'Sign in to X first.');
    },
    retry: async () => {
      throw new Error('network down');
    },
  });
  await dispatcher.handle({ type: 'request', id: 1, method: 'send', params: { conversationId: '1-2', text: 'hi' } });
  await dispatcher.handle({ type: 'request', id: 2, method: 'retry', params: { localId: 'local-1' } });
  assert.deepEqual(posted, [
    { type: 'response', id: 1, ok: false, error: { code: 'signedOut', message: 'Sign in to X first.' } },
    { type: 'response', id: 2, ok: false, error: { code: 'failed', message: 'network down' } },
  ]);
});
