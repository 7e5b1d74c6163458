import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import { stringField, struct } from '../emulator/chat/thrift';
import { createChatApi, type ChatApi } from '../../src/xchat/api/chatApi';
import type { PrismProxy, Violation } from './emulatorPrism';
import { startPrismProxy, violationsOf } from './emulatorPrism';

/**
 * The X Chat client's own requests through Prism with X's 2.167 chat document: every request it builds (paths,
 * query serialisation, field lists, bodies) must be clean for Prism, and every answer must fit the contract.
 */

const ME = '1849302175620384768';
const ADA = '783214';
const CONV = `${ADA}-${ME}`;
const b64 = (b: Buffer): string => b.toString('base64');

describe('X Chat client contract, 2.167', () => {
  let emu: Emulator;
  let prism: PrismProxy;
  let chat: ChatApi;
  let mediaKey = '';
  const seen: { method: string; path: string; violations: Violation[] }[] = [];

  before(async () => {
    emu = await startEmulator({ port: 0, preset: 'demo', apiVersion: '2.167' });
    prism = await startPrismProxy(emu.url, '2.167', 'chat');
    const admin = (path: string, body: unknown): Promise<Response> => fetch(`${emu.url}/__admin/${path}`, { method: 'POST', body: JSON.stringify(body) });
    const token = ((await (await admin('tokens', {})).json()) as { access_token: string }).access_token;
    for (const user_id of [ME, ADA]) await admin('chat/users', { user_id });
    await admin('chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'contract' });
    const image = { base64: Buffer.from('contract image').toString('base64'), width: 1, height: 1, filename: 'c.png' };
    mediaKey = ((await (await admin('chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'media', image })).json()) as { media_hash_key: string }).media_hash_key;
    const recording: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      seen.push({ method: init?.method ?? 'GET', path: new URL(String(input)).pathname, violations: violationsOf(res) });
      return res;
    };
    chat = createChatApi({ baseUrl: prism.url, auth: { authorize: async () => ({ authorization: `Bearer ${token}` }), refreshAfterUnauthorized: async () => false }, fetch: recording }).api;
  });
  after(async () => {
    await prism?.close();
    await emu?.close();
  });

  test('every client operation: no Prism request or response violations', async () => {
    await chat.listConversations();
    const page = await chat.conversationEvents(CONV);
    const newest = page.events[0];
    assert.ok(newest);
    await chat.publicKeys([ME, ADA]);
    await chat.myPublicKeys(ME);
    await chat.sendMessage(CONV, { messageId: 'contract-client-1', encodedMessageCreateEvent: b64(struct([stringField(100, 'c')])), encodedMessageEventSignature: b64(struct([stringField(1, 's')])) });
    await chat.markRead(CONV, newest.id);
    await chat.typing(CONV);
    assert.ok((await chat.downloadMedia(CONV, mediaKey)).byteLength > 0);
    process.stdout.write(`# CONTRACT chat client 2.167: ${seen.length} requests\n`);
    assert.equal(seen.length, 8);
    assert.deepEqual(seen.filter((s) => s.violations.length > 0), []);
    assert.deepEqual(emu.stats().response_violations, []);
  });

  test('negative control: a request off the contract is reported by Prism', async () => {
    const res = await fetch(`${prism.url}/2/chat/conversations/${CONV}/events?chat_message_event.fields=private_key`, { headers: { authorization: 'Bearer x' } });
    await res.arrayBuffer();
    assert.ok(violationsOf(res).some((v) => v.location[0] === 'request'), `status ${res.status}`);
  });
});
