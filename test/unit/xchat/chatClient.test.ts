import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import type { AuthStrategy } from '../../../src/api/authStrategy';
import type { XUser } from '../../../src/api/schemas/user';
import { defaultStrings } from '../../../src/dm/strings';
import type { EncryptionEngine } from '../../../src/xchat/engine/engine';
import { unlockWithBackup } from '../../../src/xchat/engine/unlock';
import { createChatApi, type ChatApi } from '../../../src/xchat/api/chatApi';
import type { ChatEventsPage } from '../../../src/xchat/api/schemas';
import { mapChatEvents } from '../../../src/xchat/mapChatEvents';
import { mapChatConversation } from '../../../src/xchat/mapChatConversation';
import { identityKeysOf, signingKeysOf } from '../../../src/xchat/signingKeys';
import { KeyBackupDouble } from '../../xchat/keyBackupDouble';
import { testEngine, utf8 } from '../../xchat/engineWorker';
import { adminPost, start, tokenFor } from '../emulator/support';

/**
 * The X Chat client against the emulator, with the engine worker and the emulator's other party each running the
 * real Chat XDK: list, read, decrypt, map to domain messages, reply, retry, tamper, mark read, start a 1:1.
 */

const ME = '1849302175620384768';
const ADA = '783214';
const LINUS = '2244994945';
const YUKI = '99887766'; // a demo user without X Chat keys
const CONV = `${ADA}-${ME}`;

type State = { events: number; seen_until: Record<string, string>; unread: Record<string, number>; typing: string[] };
type PartyView = { events: { text?: string; verified?: boolean }[] };

async function admin<T>(emu: Emulator, path: string, body: unknown): Promise<T> {
  const res = await adminPost(emu, path, body);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as T;
}

describe('X Chat client ⇄ emulator, decrypted by the engine, mapped to the domain', () => {
  let emu: Emulator;
  let engine: EncryptionEngine;
  let chat: ChatApi;

  const state = async (conv = CONV): Promise<State> => (await fetch(`${emu.url}/__admin/chat/state?conversation_id=${conv}`)).json() as Promise<State>;
  const requests = (): { method: string; path: string }[] => emu.stats().requests as { method: string; path: string }[];

  async function readThread(conv = CONV): Promise<ReturnType<typeof mapChatEvents>> {
    const pages: ChatEventsPage[] = [];
    for await (const page of chat.pagesOfConversationEvents(conv, { maxResults: 2 })) pages.push(page);
    const events = pages.flatMap((p) => p.events);
    const keyChangeEvents = [...new Set(pages.flatMap((p) => p.keyChangeEvents))];
    const { events: opened } = await engine.request({ op: 'decrypt', keyChangeEvents, events: events.map((e) => e.encoded_event) });
    return mapChatEvents(events, opened, { conversationId: conv, meId: ME });
  }

  before(async () => {
    emu = await start({ preset: 'demo' });
    const token = await tokenFor(emu);
    const mine = await admin<{ public_key_version: string; key_material: string }>(emu, 'chat/users', { user_id: ME, export_key_material: true });
    for (const user_id of [ADA, LINUS]) await admin(emu, 'chat/users', { user_id });
    const auth: AuthStrategy = { authorize: async () => ({ authorization: `Bearer ${token}` }), refreshAfterUnauthorized: async () => false };
    chat = createChatApi({ baseUrl: emu.url, auth }).api;
    engine = testEngine();
    const backup = new KeyBackupDouble('4821', Buffer.from(mine.key_material, 'base64'), 3);
    assert.deepEqual(await unlockWithBackup(engine, backup, { userId: ME, signingKeyVersion: mine.public_key_version }, utf8('4821')), { status: 'unlocked' });
  });
  after(async () => {
    await engine.dispose();
    assert.deepEqual(emu.stats().response_violations, []);
    assert.deepEqual(emu.stats().request_violations, [], 'every request the client made fits X’s 2.167 contract');
    await emu.close();
  });

  test('public keys: my own record carries juicebox_config; a user without keys is absent; the engine takes the rest', async () => {
    const [latest] = await chat.myPublicKeys(ME);
    assert.ok(latest?.juicebox_config && typeof latest.juicebox_config.key_store_token_map_json === 'string');
    const before = requests().length;
    const keys = await chat.publicKeys([ME, ADA, LINUS]);
    assert.deepEqual([...keys.keys()], [ME, ADA, LINUS]);
    assert.equal(requests().length - before, 1, 'one batch request when every user has keys');
    const partial = await chat.publicKeys([ADA, YUKI]);
    assert.deepEqual([...partial.keys()], [ADA], 'records are never matched by position when one is missing');
    assert.equal(partial.get(ADA)?.signing_public_key, keys.get(ADA)?.signing_public_key);
    assert.equal((await engine.request({ op: 'setSigningKeys', keys: signingKeysOf(keys) })).count, 3);
  });

  test('the inbox and a thread: listed, paged, decrypted and mapped to domain messages and a conversation', async () => {
    await admin(emu, 'chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'hello from Ada 🔐' });
    await admin(emu, 'chat/messages', { from_user_id: ADA, to_user_id: ME, text: '<img src=x onerror=alert(1)>' });
    await admin(emu, 'chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'third' });
    const page = await chat.listConversations();
    const wire = page.conversations.find((c) => c.id === CONV);
    assert.ok(wire, 'the 1:1 with Ada is listed');
    const before = requests().length;
    const messages = await readThread();
    assert.equal(requests().length - before, 2, 'three events in pages of two');
    assert.deepEqual(messages.map((m) => [m.text, m.senderId, m.fromMe, m.integrity]), [
      ['hello from Ada 🔐', ADA, false, undefined],
      ['<img src=x onerror=alert(1)>', ADA, false, undefined],
      ['third', ADA, false, undefined],
    ]);
    assert.ok(messages.every((m) => m.conversationId === CONV && m.status === 'sent' && m.createdAt > 0));
    const users = new Map<string, XUser>(page.users.map((u) => [u.id, u]));
    const conversation = mapChatConversation({ wire, meId: ME, users, strings: defaultStrings, messages });
    assert.deepEqual([conversation.kind, conversation.title, conversation.partner?.username, conversation.unread, conversation.preview], ['direct', 'Ada Lovelace', 'ada_codes', 3, 'third']);
  });

  test('a reply: the engine seals it, the client posts it, the party reads it; the same payload again adds nothing', async () => {
    const sealed = await engine.request({ op: 'encryptMessage', conversationId: CONV, text: 'hi Ada, from VS Code' });
    const first = await chat.sendMessage(CONV, sealed);
    assert.ok(first.encodedMessageEvent, 'X answers with the stored event');
    const count = (await state()).events;
    const again = await chat.sendMessage(CONV, sealed);
    assert.equal(again.encodedMessageEvent, first.encodedMessageEvent, 'the retry is the same message');
    assert.equal((await state()).events, count, 'a retry with the same message id adds nothing');
    const seen = await admin<PartyView>(emu, 'chat/decrypt', { user_id: ADA, conversation_id: CONV });
    assert.deepEqual(seen.events.filter((e) => e.text === 'hi Ada, from VS Code').map((e) => e.verified), [true]);
    const mine = (await readThread()).filter((m) => m.fromMe);
    assert.deepEqual(mine.map((m) => [m.text, m.senderId]), [['hi Ada, from VS Code', ME]]);
  });

  test('a tampered event maps to "unverified": no text, not shown as mine', async () => {
    const sent = await admin<{ sequence_id: string }>(emu, 'chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'this one gets tampered' });
    await admin(emu, 'chat/tamper', { conversation_id: CONV, sequence_id: sent.sequence_id });
    const messages = await readThread();
    const tampered = messages.find((m) => m.id === sent.sequence_id);
    assert.deepEqual(tampered && [tampered.integrity, tampered.text, tampered.fromMe, tampered.senderId], ['unverified', '', false, ADA]);
    assert.ok(!JSON.stringify(messages).includes('tampered'), 'the tampered text appears nowhere');
  });

  test('markRead moves the emulator’s read state; typing is recorded', async () => {
    const messages = await readThread();
    const newest = messages[messages.length - 1];
    assert.ok(newest);
    assert.equal((await state()).unread[ME], 1, 'the tampered message is unread');
    await chat.markRead(CONV, newest.id);
    const after = await state();
    assert.deepEqual([after.seen_until[ME], after.unread[ME]], [newest.id, 0]);
    await chat.typing(CONV);
    assert.deepEqual((await state()).typing, [ME]);
  });

  test('a new 1:1: the key change goes to the other user’s id, then a message the party reads', async () => {
    const keys = await chat.publicKeys([ME, LINUS]);
    const change = await engine.request({ op: 'prepareKeyChange', publicKeys: identityKeysOf(keys) });
    const created = await chat.postKeys(LINUS, change);
    assert.equal(created.conversationId, `${LINUS}-${ME}`);
    const conv = created.conversationId;
    const sealed = await engine.request({ op: 'encryptMessage', conversationId: conv, text: 'first words, encrypted' });
    await chat.sendMessage(conv, sealed);
    const seen = await admin<PartyView>(emu, 'chat/decrypt', { user_id: LINUS, conversation_id: conv });
    assert.deepEqual(seen.events.map((e) => [e.text, e.verified]), [['first words, encrypted', true]]);
  });
});
