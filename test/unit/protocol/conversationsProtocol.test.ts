import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as v from 'valibot';
import { conversationCommands, conversationNotifications, conversationRequests } from '../../../src/protocol/conversations/protocol';
import type { RequestMethod, RequestParams } from '../../../src/protocol/conversations/protocol';
import { methodsMatchKeys } from '../../../src/protocol/ipc';
import type { ParamsOf } from '../../../src/protocol/ipc';
import type { HostMessage } from '../../../src/protocol/messages';
import { PanelDispatcher } from '../../../src/views/dispatcher';
import type { RequestHandlers } from '../../../src/views/dispatcher';
import { parseWebviewMessage, requestParamSchemas, webviewMessageSchema } from '../../../src/views/messageSchemas';
import type { Logger } from '../../../src/util/logger';

/** One well-formed params object per request descriptor: a descriptor without one here does not compile. */
const sampleParams: { [M in RequestMethod]: RequestParams<M> } = {
  openConversation: { conversationId: '1-2' },
  closeConversation: {},
  search: { query: 'ann' },
  send: { conversationId: '1-2', text: 'hi', attachment: { id: 'att-1', altText: 'A cat' } },
  attachMedia: { name: 'cat.png', mimeType: 'image/png', data: 'iVBORw0KGgo=' },
  pickMedia: {},
  uploadMedia: { attachmentId: 'att-1' },
  removeMedia: { attachmentId: 'att-1' },
  retry: { localId: 'local-1' },
  check: { localId: 'local-1' },
  discard: { localId: 'local-1' },
  deleteMessage: { conversationId: '1-2', messageId: '77' },
  loadOlder: { conversationId: '1-2' },
  fetchMedia: { dmEventId: '99', mediaKey: '3_123' },
  openLink: { url: 'https://example.com/a' },
  runAction: { action: 'refresh' },
  conversationActions: { conversationId: '1-2' },
  switchAccount: { sessionId: 'session-2' },
  openIn: { conversationId: '1-2', where: 'editor' },
};

type Commands = typeof conversationCommands;
const sampleCommands: { [C in keyof Commands]: { type: C } & ParamsOf<Commands[C]> } = {
  ready: { type: 'ready', documentId: '0b7c2e1a-4f5d-4c3b-9a8e-1d2c3b4a5f60', openConversationId: '1-2' },
  ack: { type: 'ack', documentId: '0b7c2e1a-4f5d-4c3b-9a8e-1d2c3b4a5f60', seq: 1 },
  log: { type: 'log', level: 'warn', message: 'x' },
  uiState: { type: 'uiState', state: { drafts: { '1': { savedAt: 5, texts: { '1-2': 'draft' } } }, openConversationId: '1-2' } },
  typing: { type: 'typing', conversationId: 'xchat-1-2' },
};

// Compile-time: each request's schema accepts exactly its descriptor's params (no field only on one side).
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** `Record<string, never>` (no params) has no named keys, like the schema's `{}`. */
type Keys<T> = string extends keyof T ? never : keyof T;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<Keys<A>, Keys<B>> : false;
const schemasMatchDescriptors: { [M in RequestMethod]: Same<v.InferOutput<(typeof requestParamSchemas)[M]>, RequestParams<M>> } = {
  openConversation: true, closeConversation: true, search: true, send: true, attachMedia: true, pickMedia: true, uploadMedia: true,
  removeMedia: true, retry: true, check: true, discard: true, deleteMessage: true, loadOlder: true, fetchMedia: true, openLink: true,
  runAction: true, conversationActions: true, switchAccount: true, openIn: true,
};

// Compile-time, the same for commands: ready's document id and ack's receipt are in the schema exactly as declared.
type CommandSchemaOutput<C> = Extract<v.InferOutput<typeof webviewMessageSchema>, { type: C }>;
const commandSchemasMatchDescriptors: { [C in keyof Commands]: Same<CommandSchemaOutput<C>, { type: C } & ParamsOf<Commands[C]>> } = {
  ready: true, ack: true, log: true, uiState: true, typing: true,
};

const methodsOf = (schema: typeof webviewMessageSchema) =>
  schema.options.flatMap((option) => ('options' in option ? option.options.map((request) => request.entries.method.literal) : []));
const commandTypesOf = (schema: typeof webviewMessageSchema) =>
  schema.options.flatMap((option) => ('options' in option ? [] : [option.entries.type.literal]));

test('every descriptor is filed under its method, and the webview schema knows exactly the descriptors', () => {
  assert.ok(methodsMatchKeys(conversationRequests) && methodsMatchKeys(conversationCommands) && methodsMatchKeys(conversationNotifications));
  assert.deepEqual(methodsOf(webviewMessageSchema).sort(), Object.keys(conversationRequests).sort());
  assert.deepEqual(commandTypesOf(webviewMessageSchema).sort(), Object.keys(conversationCommands).sort());
  assert.deepEqual(Object.keys(requestParamSchemas).sort(), Object.keys(conversationRequests).sort());
  assert.ok(Object.values(schemasMatchDescriptors).every(Boolean));
  assert.ok(Object.values(commandSchemasMatchDescriptors).every(Boolean));
});

test('every request kind, sent as the webview sends it, passes validation and reaches its own handler once', async () => {
  const posted: HostMessage[] = [];
  const calls: string[] = [];
  const warnings: string[] = [];
  const log: Logger = { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(String(m)) };
  const handlers = Object.fromEntries(
    Object.keys(conversationRequests).map((method) => [method, async (params: unknown) => (calls.push(`${method}:${JSON.stringify(params)}`), null)]),
  ) as unknown as RequestHandlers;
  const dispatcher = new PanelDispatcher(handlers, { onReady: () => calls.push('ready'), onAck: () => calls.push('ack'), onUiState: () => calls.push('uiState'), onTyping: () => calls.push('typing') }, (m) => posted.push(m), log);
  const methods = Object.keys(sampleParams) as RequestMethod[];
  let id = 0;
  for (const method of methods) await dispatcher.handle({ type: 'request', id: ++id, method, params: sampleParams[method] });
  assert.deepEqual(calls, methods.map((method) => `${method}:${JSON.stringify(sampleParams[method])}`));
  assert.deepEqual(posted.map((m) => m.type === 'response' && m.ok && m.id), methods.map((_, i) => i + 1));
  assert.deepEqual(warnings, []);
  assert.equal(dispatcher.rejected, 0);
});

test('every command kind passes validation', () => {
  for (const command of Object.values(sampleCommands)) assert.deepEqual(parseWebviewMessage(command), { ok: true, message: command });
});
