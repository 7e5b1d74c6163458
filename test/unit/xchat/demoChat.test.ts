import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/server';
import type { EncryptionEngine } from '../../../src/xchat/engine/engine';
import { EmulatorKeyBackup, emulatorKeyBackupEndpoint } from '../../../src/xchat/engine/emulatorKeyBackup';
import { unlockWithBackup } from '../../../src/xchat/engine/unlock';
import type { SigningKey } from '../../../src/xchat/engine/protocol';
import { DEMO_USERS } from '../../emulator/generator/demo';
import { DEMO_XCHAT_GROUP_ID, DEMO_XCHAT_PASSCODE } from '../../emulator/generator/demoChat';
import { testEngine, utf8 } from '../../xchat/engineWorker';
import { createChatUser, decryptedTexts, keyBackupStats, partySend } from '../../xchat/chatAdmin';
import { adminPost, getJson, start, tokenFor } from '../emulator/support';

/**
 * `npm start`'s demo world holds encrypted conversations a newcomer can unlock with the documented passcode: the
 * extension's own engine, given keys by the emulator's key backup, reads them, and they survive world resets.
 */

const ME = '1849302175620384768';
const GRACE_1TO1 = `${DEMO_USERS.grace.id}-${ME}`;
const BOB_1TO1 = `${DEMO_USERS.bob.id}-${ME}`;

type Convs = { data?: { id: string; type: string; updated_at: string; group_name?: string }[] };
type LegacyEvents = { data?: { created_at: string; dm_conversation_id: string }[] };
type Events = { data?: { encoded_event: string }[]; meta: { conversation_key_events?: string[] } };
type KeyRecords = { data?: { public_key: string; public_key_version: string; signing_public_key: string; identity_public_key_signature: string }[] };

describe('demo preset: X Chat', () => {
  let emu: Emulator;
  let token: string;
  let engine: EncryptionEngine;

  before(async () => {
    emu = await start({ preset: 'demo' });
    token = await tokenFor(emu);
    engine = testEngine();
  });
  after(async () => {
    await engine.dispose();
    assert.deepEqual(emu.stats().response_violations, []);
    await emu.close();
  });

  test('two encrypted 1:1s and a group of three, newest sorted among the legacy conversations, with unread counts', async () => {
    const list = await getJson<Convs>(emu, token, '/2/chat/conversations?chat_conversation.fields=updated_at,group_name');
    assert.deepEqual(list.data?.map((c) => [c.id, c.type, c.group_name]), [
      [GRACE_1TO1, 'OneToOne', undefined],
      [DEMO_XCHAT_GROUP_ID, 'Group', 'Security review 🛡️'],
      [BOB_1TO1, 'OneToOne', undefined],
    ]);
    const legacy = await getJson<LegacyEvents>(emu, token, '/2/dm_events?dm_event.fields=created_at,dm_conversation_id&max_results=100');
    const legacyTimes = (legacy.data ?? []).map((e) => Date.parse(e.created_at));
    const newestChat = Date.parse(list.data?.[0]?.updated_at ?? '');
    assert.ok(legacyTimes.some((t) => t > newestChat) && legacyTimes.some((t) => t < newestChat), 'interleaved with legacy activity');
    const unread = Object.fromEntries(emu.ctx.store.chat.forUser(ME).map((c) => [c.id, emu.ctx.store.chat.unreadCount(c, ME)]));
    assert.deepEqual(unread, { [GRACE_1TO1]: 1, [DEMO_XCHAT_GROUP_ID]: 2, [BOB_1TO1]: 0 });
  });

  test('the documented passcode unlocks the extension engine through the emulator key backup, which reads every demo message', async () => {
    const backup = new EmulatorKeyBackup(emulatorKeyBackupEndpoint(emu.url) as URL, async () => `Bearer ${token}`);
    const myVersion = emu.ctx.store.chat.latestKey(ME)?.version as string;
    assert.deepEqual(await unlockWithBackup(engine, backup, { userId: ME, signingKeyVersion: myVersion }, utf8(DEMO_XCHAT_PASSCODE)), { status: 'unlocked' });
    const ids = [ME, DEMO_USERS.grace.id, DEMO_USERS.bob.id];
    const records = await getJson<KeyRecords>(emu, token, `/2/users/public_keys?ids=${ids.join(',')}`);
    const keys: SigningKey[] = (records.data ?? []).map((r, i) => ({ userId: ids[i] as string, publicKeyVersion: r.public_key_version, publicKey: r.signing_public_key, identityPublicKey: r.public_key, identityPublicKeySignature: r.identity_public_key_signature }));
    await engine.request({ op: 'setSigningKeys', keys });
    const counts: number[] = [];
    for (const conv of [GRACE_1TO1, DEMO_XCHAT_GROUP_ID, BOB_1TO1]) {
      const page = await getJson<Events>(emu, token, `/2/chat/conversations/${conv}/events?max_results=100`);
      const { events } = await engine.request({ op: 'decrypt', keyChangeEvents: page.meta.conversation_key_events ?? [], events: (page.data ?? []).map((e) => e.encoded_event) });
      assert.ok(events.every((e) => e.kind === 'message'), `${conv}: ${JSON.stringify(events.map((e) => e.kind))}`);
      counts.push(events.length);
    }
    assert.deepEqual(counts, [5, 4, 4]);
    assert.deepEqual(await keyBackupStats(emu.url, ME), { guesses: 1, guesses_remaining: 10, destroyed: false });
  });

  test('a reset rebuilds the same encrypted world with a fresh key backup, and the party can still speak for the demo users', async () => {
    await createChatUser(emu.url, DEMO_USERS.grace.id); // the party now holds newer keys for Grace...
    assert.equal((await adminPost(emu, 'reset', { preset: 'demo' })).status, 200);
    assert.deepEqual(await keyBackupStats(emu.url, ME), { guesses: 0, guesses_remaining: 10, destroyed: false });
    // ...and the reset hands it the demo's again, so Grace can answer in the demo conversation.
    const sent = await partySend(emu.url, { from: DEMO_USERS.grace.id, conversationId: GRACE_1TO1, text: 'after the reset' });
    assert.equal(sent.conversationId, GRACE_1TO1);
    const texts = await decryptedTexts(emu.url, ME, GRACE_1TO1);
    assert.equal(texts.length, 6);
    assert.equal(texts.at(-1), 'after the reset');
    await partySend(emu.url, { from: DEMO_USERS.bob.id, conversationId: DEMO_XCHAT_GROUP_ID, text: 'group still works' });
    assert.deepEqual((await decryptedTexts(emu.url, DEMO_USERS.grace.id, DEMO_XCHAT_GROUP_ID)).slice(-2), ['Hostile input check: <img src=x onerror=alert(1)> and [a link](command:workbench.action.quit) stay text.', 'group still works']);
  });

  test('other presets stay without X Chat', async () => {
    assert.equal((await adminPost(emu, 'reset', { preset: 'empty' })).status, 200);
    assert.equal(emu.ctx.store.chat.conversations.size, 0);
    assert.equal(emu.ctx.store.chat.keyBackups.size, 0);
    assert.equal((await adminPost(emu, 'reset', { preset: 'large:50' })).status, 200);
    assert.equal(emu.ctx.store.chat.conversations.size, 0);
  });
});
