import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { validateResponse } from '../emulator/validation';
import { stringField, struct } from '../emulator/chat/thrift';
import type { PrismProxy } from './emulatorPrism';
import { startPrismProxy, violationsOf } from './emulatorPrism';

/**
 * The emulator's X Chat contract: every /2/chat and public-keys operation it serves, valid and invalid requests,
 * through Prism with X's 2.167 chat document. Every response must validate (Prism and ajv); valid requests must be
 * clean for Prism and answered with the status the case names; invalid ones refused by the emulator.
 */

const ME = '1849302175620384768';
const ADA = '783214';
const CONV = `${ADA}-${ME}`;
const b64 = (b: Buffer): string => b.toString('base64');

interface Case {
  name: string;
  operationId: string;
  method: string;
  path: string;
  json?: unknown;
  status: number;
  valid: boolean;
}

const cases = (seq: string, mediaKey: string): Case[] => [
  { name: 'list conversations', operationId: 'getChatConversations', method: 'GET', path: '/2/chat/conversations?max_results=5&chat_conversation.fields=updated_at,created_at,is_muted&expansions=participant_ids&user.fields=username', status: 200, valid: true },
  { name: 'list: max_results out of range', operationId: 'getChatConversations', method: 'GET', path: '/2/chat/conversations?max_results=500', status: 400, valid: false },
  { name: 'one conversation', operationId: 'getChatConversation', method: 'GET', path: `/2/chat/conversations/${CONV}?chat_conversation.fields=type,updated_at`, status: 200, valid: true },
  { name: 'one conversation: unknown', operationId: 'getChatConversation', method: 'GET', path: '/2/chat/conversations/1-2', status: 404, valid: true },
  { name: 'events', operationId: 'getChatConversationEvents', method: 'GET', path: `/2/chat/conversations/${CONV}/events?max_results=10&chat_message_event.fields=id,encoded_event,sender_id,created_at,previous_id,conversation_id,is_trusted`, status: 200, valid: true },
  { name: 'events: bad id', operationId: 'getChatConversationEvents', method: 'GET', path: '/2/chat/conversations/x!/events', status: 400, valid: false },
  { name: 'send', operationId: 'sendChatMessage', method: 'POST', path: `/2/chat/conversations/${CONV}/messages`, json: { message_id: 'contract-1', encoded_message_create_event: b64(struct([stringField(100, 'c')])), encoded_message_event_signature: b64(struct([stringField(1, 's')])) }, status: 201, valid: true },
  { name: 'send: no message id', operationId: 'sendChatMessage', method: 'POST', path: `/2/chat/conversations/${CONV}/messages`, json: { encoded_message_create_event: 'AA==' }, status: 400, valid: false },
  { name: 'keys: no action signatures', operationId: 'addConversationKeys', method: 'POST', path: `/2/chat/conversations/${CONV}/keys`, json: { conversation_key_version: '1', conversation_participant_keys: [] }, status: 400, valid: true },
  { name: 'keys: missing version', operationId: 'addConversationKeys', method: 'POST', path: `/2/chat/conversations/${CONV}/keys`, json: { conversation_participant_keys: [] }, status: 400, valid: false },
  { name: 'read', operationId: 'markChatConversationRead', method: 'POST', path: `/2/chat/conversations/${CONV}/read`, json: { seen_until_sequence_id: seq }, status: 200, valid: true },
  { name: 'read: missing sequence id', operationId: 'markChatConversationRead', method: 'POST', path: `/2/chat/conversations/${CONV}/read`, json: {}, status: 400, valid: false },
  { name: 'typing', operationId: 'sendChatTypingIndicator', method: 'POST', path: `/2/chat/conversations/${CONV}/typing`, status: 200, valid: true },
  { name: 'media', operationId: 'chatMediaDownload', method: 'GET', path: `/2/chat/media/${CONV}/${mediaKey}`, status: 200, valid: true },
  { name: 'media: unknown hash key', operationId: 'chatMediaDownload', method: 'GET', path: `/2/chat/media/${CONV}/nosuchkey`, status: 404, valid: true },
  { name: 'media: hash key off the pattern', operationId: 'chatMediaDownload', method: 'GET', path: `/2/chat/media/${CONV}/not_a_hash`, status: 400, valid: false },
  { name: 'own public keys with juicebox_config', operationId: 'getUsersPublicKey', method: 'GET', path: `/2/users/${ME}/public_keys?public_key.fields=public_key,public_key_version,signing_public_key,identity_public_key_signature,juicebox_config`, status: 200, valid: true },
  { name: 'public keys: unknown field', operationId: 'getUsersPublicKey', method: 'GET', path: `/2/users/${ME}/public_keys?public_key.fields=private_key`, status: 400, valid: false },
  { name: 'public keys of several users', operationId: 'getUsersPublicKeys', method: 'GET', path: `/2/users/public_keys?ids=${ADA},${ME}`, status: 200, valid: true },
  { name: 'public keys: no ids', operationId: 'getUsersPublicKeys', method: 'GET', path: '/2/users/public_keys', status: 400, valid: false },
  { name: 'register a key', operationId: 'addUserPublicKey', method: 'POST', path: `/2/users/${ME}/public_keys`, json: { version: '1', generate_version: true, public_key: { public_key: 'AA==', signing_public_key: 'AA==', identity_public_key_signature: 'AA==', registration_method: 'CustomPin' } }, status: 200, valid: true },
  { name: 'register a key for someone else', operationId: 'addUserPublicKey', method: 'POST', path: `/2/users/${ADA}/public_keys`, json: { version: '1', public_key: {} }, status: 403, valid: true },
];

describe('emulator contract, X Chat 2.167', () => {
  let emu: Emulator;
  let prism: PrismProxy;
  let token = '';
  let seq = '';
  let mediaKey = '';

  before(async () => {
    emu = await startEmulator({ port: 0, preset: 'demo', apiVersion: '2.167' });
    prism = await startPrismProxy(emu.url, '2.167', 'chat');
    const admin = (path: string, body: unknown): Promise<Response> => fetch(`${emu.url}/__admin/${path}`, { method: 'POST', body: JSON.stringify(body) });
    token = ((await (await admin('tokens', {})).json()) as { access_token: string }).access_token;
    for (const user_id of [ME, ADA]) await admin('chat/users', { user_id });
    seq = ((await (await admin('chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'contract' })).json()) as { sequence_id: string }).sequence_id;
    const image = { base64: Buffer.from('contract image').toString('base64'), width: 1, height: 1, filename: 'c.png' };
    mediaKey = ((await (await admin('chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'with media', image })).json()) as { media_hash_key: string }).media_hash_key;
  });
  after(async () => {
    await prism?.close();
    await emu?.close();
  });

  test('every X Chat operation: responses validate (Prism + ajv), statuses as expected', async () => {
    const operations = new Set<string>();
    for (const c of cases(seq, mediaKey)) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (c.json !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${prism.url}${c.path}`, { method: c.method, headers, body: c.json === undefined ? undefined : JSON.stringify(c.json) });
      const violations = violationsOf(res);
      const contentType = res.headers.get('content-type') ?? '';
      const text = await res.text();
      const binary = contentType.startsWith('application/octet-stream');
      const ajv = validateResponse(c.operationId, res.status, contentType, binary ? undefined : JSON.parse(text), '2.167');
      assert.deepEqual(violations.filter((v) => v.location[0] === 'response'), [], `${c.name}: Prism response violations`);
      assert.deepEqual(ajv, [], `${c.name}: ajv response violations`);
      assert.equal(res.status, c.status, `${c.name}: ${text.slice(0, 300)}`);
      assert.ok(res.headers.get('x-rate-limit-limit'), `${c.name}: rate-limit headers`);
      if (c.valid) assert.deepEqual(violations.filter((v) => v.location[0] === 'request'), [], `${c.name}: Prism request violations`);
      operations.add(c.operationId);
    }
    process.stdout.write(`# CONTRACT emulator chat 2.167: ${cases(seq, mediaKey).length} requests, ${operations.size} operations\n`);
    assert.equal(operations.size, 11);
    assert.deepEqual(emu.stats().response_violations, []);
  });

  test('negative control: a schema_break fault on an X Chat route is caught by Prism', async () => {
    await fetch(`${emu.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ path: '/2/chat/conversations', count: 1, schema_break: true }) });
    const res = await fetch(`${prism.url}/2/chat/conversations`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    assert.ok(violationsOf(res).some((v) => v.location[0] === 'response'), 'Prism must report the broken body');
  });
});
