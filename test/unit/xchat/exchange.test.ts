import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import type { EncryptionEngine } from '../../../src/xchat/engine/engine';
import { EngineError } from '../../../src/xchat/engine/engine';
import { unlockWithBackup } from '../../../src/xchat/engine/unlock';
import type { SigningKey } from '../../../src/xchat/engine/protocol';
import { KeyBackupDouble } from '../../xchat/keyBackupDouble';
import { testEngine, utf8 } from '../../xchat/engineWorker';
import { adminPost, api, getJson, start, tokenFor } from '../emulator/support';

/**
 * The engine worker and the emulator's other party, each running the real Chat XDK, exchange messages through the
 * emulated /2/chat API: what one encrypts the other decrypts, and a tampered event never shows as text.
 */

const ME = '1849302175620384768';
const ADA = '783214';
const LINUS = '2244994945';
const CONV = `${ADA}-${ME}`;

type KeyRecords = { data?: { public_key: string; public_key_version: string; signing_public_key: string; identity_public_key_signature: string }[] };
type Events = { data?: { id: string; encoded_event: string }[]; meta: { conversation_key_events?: string[]; result_count: number } };
type PartyView = { events: { sequence_id: string; text?: string; verified?: boolean; error?: string }[] };

async function adminJson<T>(emu: Emulator, path: string, body: unknown): Promise<T> {
  const res = await adminPost(emu, path, body);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as T;
}

describe('X Chat engine ⇄ other party through the emulator', () => {
  let emu: Emulator;
  let token: string;
  let engine: EncryptionEngine;
  let backup: KeyBackupDouble;
  let myVersion: string;

  async function signingKeys(...users: string[]): Promise<SigningKey[]> {
    const records = await getJson<KeyRecords>(emu, token, `/2/users/public_keys?ids=${users.join(',')}&public_key.fields=public_key,public_key_version,signing_public_key,identity_public_key_signature`);
    return (records.data ?? []).map((r, i) => ({ userId: users[i] as string, publicKeyVersion: r.public_key_version, publicKey: r.signing_public_key, identityPublicKey: r.public_key, identityPublicKeySignature: r.identity_public_key_signature }));
  }

  async function readAll(conv: string): Promise<Events> {
    return getJson<Events>(emu, token, `/2/chat/conversations/${conv}/events?max_results=100`);
  }

  before(async () => {
    emu = await start({ preset: 'demo' });
    token = await tokenFor(emu);
    const mine = await adminJson<{ public_key_version: string; key_material: string }>(emu, 'chat/users', { user_id: ME, export_key_material: true });
    myVersion = mine.public_key_version;
    for (const user_id of [ADA, LINUS]) await adminJson(emu, 'chat/users', { user_id });
    backup = new KeyBackupDouble('4821', Buffer.from(mine.key_material, 'base64'), 3);
    engine = testEngine();
  });
  after(async () => {
    await engine.dispose();
    assert.deepEqual(emu.stats().response_violations, []);
    await emu.close();
  });

  test('a wrong passcode reports the guesses left and starts nothing; the right one unlocks', async () => {
    const wrong = await unlockWithBackup(engine, backup, { userId: ME, signingKeyVersion: myVersion }, utf8('0000'));
    assert.deepEqual(wrong, { status: 'wrongPasscode', guessesRemaining: 2 });
    assert.equal(engine.started, false, 'the Chat XDK is not loaded for a refused passcode');
    const right = await unlockWithBackup(engine, backup, { userId: ME, signingKeyVersion: myVersion }, utf8('4821'));
    assert.deepEqual(right, { status: 'unlocked' });
    assert.equal(backup.guesses, 2, 'one guess per unlock, no retries');
    assert.equal((await engine.request({ op: 'setSigningKeys', keys: await signingKeys(ME, ADA, LINUS) })).count, 3);
  });

  test('the other party sends; the engine decrypts and verifies it', async () => {
    await adminJson(emu, 'chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'hello from Ada 🔐' });
    const page = await readAll(CONV);
    const { events } = await engine.request({ op: 'decrypt', keyChangeEvents: page.meta.conversation_key_events ?? [], events: (page.data ?? []).map((e) => e.encoded_event) });
    assert.equal(events.length, 1);
    const [first] = events;
    assert.equal(first?.kind, 'message');
    assert.ok(first?.kind === 'message');
    assert.deepEqual([first.text, first.senderId, first.sequenceId, first.conversationId], ['hello from Ada 🔐', ADA, page.data?.[0]?.id, `${ADA}:${ME}`]);
  });

  test('the engine encrypts a reply; the other party decrypts it; a retry with the same message id adds nothing', async () => {
    const sealed = await engine.request({ op: 'encryptMessage', conversationId: CONV, text: 'hi Ada, reply from VS Code' });
    const body = { message_id: sealed.messageId, encoded_message_create_event: sealed.encodedMessageCreateEvent, encoded_message_event_signature: sealed.encodedMessageEventSignature };
    assert.equal((await api(emu, token, `/2/chat/conversations/${CONV}/messages`, { method: 'POST', body })).status, 201);
    assert.equal((await api(emu, token, `/2/chat/conversations/${CONV}/messages`, { method: 'POST', body })).status, 201);
    assert.equal((await readAll(CONV)).meta.result_count, 2);
    const seen = await adminJson<PartyView>(emu, 'chat/decrypt', { user_id: ADA, conversation_id: CONV });
    assert.deepEqual(seen.events.map((e) => [e.text, e.verified]), [['hello from Ada 🔐', true], ['hi Ada, reply from VS Code', true]]);
  });

  test('a tampered event is "unverified" and carries no text', async () => {
    const sent = await adminJson<{ sequence_id: string }>(emu, 'chat/messages', { from_user_id: ADA, to_user_id: ME, text: 'this one gets tampered' });
    await adminJson(emu, 'chat/tamper', { conversation_id: CONV, sequence_id: sent.sequence_id });
    const page = await readAll(CONV);
    const { events } = await engine.request({ op: 'decrypt', keyChangeEvents: page.meta.conversation_key_events ?? [], events: (page.data ?? []).map((e) => e.encoded_event) });
    assert.deepEqual(events.map((e) => (e.kind === 'message' ? e.text : e.kind)), ['unverified', 'hi Ada, reply from VS Code', 'hello from Ada 🔐']);
    assert.equal(JSON.stringify(events[0]), '{"kind":"unverified"}');
  });

  test('a new 1:1: the engine prepares the key change, posts it to the other user id, then a message the other party reads', async () => {
    const keys = await getJson<KeyRecords>(emu, token, `/2/users/public_keys?ids=${ME},${LINUS}`);
    const [mine, his] = keys.data ?? [];
    assert.ok(mine && his);
    const change = await engine.request({ op: 'prepareKeyChange', publicKeys: [{ userId: ME, publicKey: mine.public_key, keyVersion: mine.public_key_version }, { userId: LINUS, publicKey: his.public_key, keyVersion: his.public_key_version }] });
    const keysBody = {
      conversation_key_version: change.conversationKeyVersion,
      conversation_participant_keys: change.participantKeys.map((k) => ({ user_id: k.userId, encrypted_conversation_key: k.encryptedKey, public_key_version: k.publicKeyVersion })),
      action_signatures: change.actionSignatures.map((s) => ({ message_id: s.messageId, encoded_message_event_detail: s.encodedMessageEventDetail, message_event_signature: { signature: s.signature, public_key_version: s.publicKeyVersion, signature_version: s.signatureVersion } })),
    };
    const created = await api(emu, token, `/2/chat/conversations/${LINUS}/keys`, { method: 'POST', body: keysBody });
    assert.equal(created.status, 200);
    const conv = ((await created.json()) as { data: { conversation_id: string } }).data.conversation_id;
    assert.equal(conv, `${LINUS}-${ME}`);
    const sealed = await engine.request({ op: 'encryptMessage', conversationId: conv, text: 'first words, encrypted' });
    const sent = await api(emu, token, `/2/chat/conversations/${conv}/messages`, { method: 'POST', body: { message_id: sealed.messageId, encoded_message_create_event: sealed.encodedMessageCreateEvent, encoded_message_event_signature: sealed.encodedMessageEventSignature } });
    assert.equal(sent.status, 201);
    const seen = await adminJson<PartyView>(emu, 'chat/decrypt', { user_id: LINUS, conversation_id: conv });
    assert.deepEqual(seen.events.map((e) => [e.text, e.verified]), [['first words, encrypted', true]]);
  });

  test('after lock nothing decrypts until the next unlock, which reads the thread again', async () => {
    await engine.request({ op: 'lock' });
    await assert.rejects(engine.request({ op: 'decrypt', keyChangeEvents: [], events: [] }), (e: unknown) => e instanceof EngineError && e.code === 'locked');
    await assert.rejects(engine.request({ op: 'encryptMessage', conversationId: CONV, text: 'x' }), (e: unknown) => e instanceof EngineError && e.code === 'locked');
    assert.deepEqual(await unlockWithBackup(engine, backup, { userId: ME, signingKeyVersion: myVersion }, utf8('4821')), { status: 'unlocked' });
    await engine.request({ op: 'setSigningKeys', keys: await signingKeys(ME, ADA) });
    const page = await readAll(CONV);
    const { events } = await engine.request({ op: 'decrypt', keyChangeEvents: page.meta.conversation_key_events ?? [], events: (page.data ?? []).map((e) => e.encoded_event) });
    assert.deepEqual(events.map((e) => (e.kind === 'message' ? e.text : e.kind)), ['unverified', 'hi Ada, reply from VS Code', 'hello from Ada 🔐']);
    assert.equal(backup.guesses, 3);
  });
});
