import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type { Emulator } from '../../../emulator/server';
import type { AuthStrategy } from '../../../../src/api/authStrategy';
import type { DmChange } from '../../../../src/dm/dmService';
import { xchatRef } from '../../../../src/dm/model/ids';
import { defaultStrings } from '../../../../src/dm/strings';
import { createChatApi, type ChatApi } from '../../../../src/xchat/api/chatApi';
import { XChatNoKeysError } from '../../../../src/xchat/source/chatSender';
import { XChatSession, backupUnlocker } from '../../../../src/xchat/source/xchatSession';
import { XChatLockedError } from '../../../../src/xchat/source/lockState';
import { XChatSource } from '../../../../src/xchat/source/xchatSource';
import { KeyBackupDouble } from '../../../xchat/keyBackupDouble';
import { testEngine, utf8 } from '../../../xchat/engineWorker';
import { adminPost, start, tokenFor } from '../../emulator/support';

/**
 * The X Chat source end to end in plain Node: the emulator's `/2/chat`, the engine worker and the emulator's other
 * party each running the real Chat XDK, the key backup replaced by its double. Request counts come from the
 * emulator's own log.
 */

const ME = '1849302175620384768';
const ADA = '783214';
const LINUS = '2244994945';
const YUKI = '99887766'; // a demo user without X Chat keys
const CONV = `${ADA}-${ME}`;
/** How the panel names it: everything the source hands out and takes uses the ref, never X's id. */
const REF = xchatRef(CONV);
const PASSCODE = '4821';

type PartyView = { events: { text?: string; verified?: boolean }[] };

describe('XChatSource against the emulator with a real second party', () => {
  let emu: Emulator;
  let chat: ChatApi;
  let backup: KeyBackupDouble;
  let session: XChatSession;
  let source: XChatSource;
  let receipts = false;
  const changes: DmChange[] = [];

  async function admin<T>(path: string, body: unknown): Promise<T> {
    const res = await adminPost(emu, path, body);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as T;
  }
  const adaSays = (text: string): Promise<{ sequence_id: string }> => admin('chat/messages', { from_user_id: ADA, to_user_id: ME, text });
  const state = async (conv = CONV): Promise<{ events: number; seen_until: Record<string, string>; unread: Record<string, number> }> =>
    (await fetch(`${emu.url}/__admin/chat/state?conversation_id=${conv}`)).json() as never;
  const requests = (): { method: string; path: string }[] => emu.stats().requests as { method: string; path: string }[];
  /** The requests `act` made, as `METHOD path`. */
  async function requestsOf(act: () => Promise<unknown>): Promise<string[]> {
    const before = requests().length;
    await act();
    return requests().slice(before).map((r) => `${r.method} ${r.path}`);
  }
  const texts = (conv = CONV): string[] => source.thread(xchatRef(conv)).items.map((m) => m.text);

  before(async () => {
    emu = await start({ preset: 'demo' });
    const token = await tokenFor(emu);
    const mine = await admin<{ public_key_version: string; key_material: string }>('chat/users', { user_id: ME, export_key_material: true });
    for (const user_id of [ADA, LINUS]) await admin('chat/users', { user_id });
    const auth: AuthStrategy = { authorize: async () => ({ authorization: `Bearer ${token}` }), refreshAfterUnauthorized: async () => false };
    chat = createChatApi({ baseUrl: emu.url, auth }).api;
    backup = new KeyBackupDouble(PASSCODE, Buffer.from(mine.key_material, 'base64'), 3);
    session = new XChatSession({ meId: ME, ownKeys: () => chat.myPublicKeys(ME), newEngine: testEngine, unlocker: backupUnlocker(backup) });
    let n = 0;
    source = new XChatSource({ api: chat, session, meId: ME, strings: defaultStrings, now: () => Date.now(), readReceipts: () => receipts, newLocalId: () => `local-${++n}`, eventsPageSize: 2 });
    source.onDidChange((c) => changes.push(c));
  });
  after(async () => {
    source.dispose();
    await session.lock();
    assert.deepEqual(emu.stats().request_violations, [], 'every request fits X’s 2.167 contract');
    await emu.close();
  });

  test('locked: the conversation is listed as locked, with no text, and no events are read', async () => {
    await adaSays('hello from Ada 🔐');
    const made = await requestsOf(() => source.sync('manual'));
    assert.deepEqual(made, ['GET /2/chat/conversations']);
    const row = source.conversations().find((c) => c.id === REF);
    assert.deepEqual(row && [row.locked, row.encrypted, row.preview, row.title], [true, true, '', 'Ada Lovelace']);
    assert.deepEqual(source.thread(REF), { locked: true, items: [], mayHaveOlderAtX: false });
    assert.ok(!JSON.stringify(source.conversations()).includes('hello'));
  });

  test('wrong passcodes count the guesses down, one guess per attempt, and the buffer is zeroed; the right one unlocks', async () => {
    const states: string[] = [];
    const sub = session.onDidChangeState((s) => states.push(s.status));
    const wrong = utf8('0000');
    assert.deepEqual(await session.unlock(wrong), { status: 'wrongPasscode', guessesLeft: 2 });
    assert.ok(wrong.every((b) => b === 0), 'the passcode buffer is zeroed');
    assert.equal(backup.guesses, 1, 'never retried on its own');
    assert.deepEqual(await session.unlock(utf8('1111')), { status: 'wrongPasscode', guessesLeft: 1 });
    const right = utf8(PASSCODE);
    assert.deepEqual(await session.unlock(right), { status: 'unlocked' });
    assert.ok(right.every((b) => b === 0));
    assert.equal(backup.guesses, 3);
    assert.deepEqual(states, ['unlocking', 'wrongPasscode', 'unlocking', 'wrongPasscode', 'unlocking', 'unlocked']);
    const again = utf8(PASSCODE);
    assert.deepEqual(await session.unlock(again), { status: 'unlocked' }, 'already unlocked: no guess spent');
    assert.equal(backup.guesses, 3);
    assert.ok(again.every((b) => b === 0));
    sub.dispose();
  });

  test('unlocked: sync decrypts the party’s messages; an unchanged inbox then costs exactly one list request', async () => {
    const outcome = await source.sync('manual');
    assert.deepEqual(texts(), ['hello from Ada 🔐']);
    assert.equal(outcome.newEvents, 1);
    assert.equal(changes.at(-1)?.backfillCount, 1, 'a first read is announced as one summary');
    assert.equal(changes.at(-1)?.firstSync, true, 'the first sync after an unlock is history the user has: no notification');
    const row = source.conversations().find((c) => c.id === REF);
    assert.deepEqual(row && [row.locked, row.preview, row.unread], [false, 'hello from Ada 🔐', 1]);
    const announced = changes.length;
    assert.deepEqual(await requestsOf(() => source.sync('manual')), ['GET /2/chat/conversations']);
    assert.equal(changes.length, announced, 'nothing changed, nothing announced');
    await adaSays('<img src=x onerror=alert(1)>');
    let second: Awaited<ReturnType<XChatSource['sync']>> | undefined;
    assert.deepEqual(await requestsOf(async () => (second = await source.sync('manual'))), ['GET /2/chat/conversations', `GET /2/chat/conversations/${CONV}/events`]);
    assert.equal(second?.newEvents, 1);
    assert.deepEqual(changes.at(-1)?.incoming.map((m) => m.text), ['<img src=x onerror=alert(1)>'], 'a later message is announced on its own');
    assert.equal(changes.at(-1)?.firstSync, undefined, 'a later sync notifies as usual');
    assert.deepEqual(changes.at(-1)?.incoming.map((m) => m.conversationId), [REF], 'messages handed out carry the ref');
    assert.ok(changes.every((c) => c.conversationIds.every((id) => id.startsWith('xchat-'))), 'changes name refs only');
    assert.ok(source.thread(REF).items.every((m) => m.conversationId === REF));
    assert.throws(() => source.thread(CONV), /not an X Chat conversation/, 'X’s raw id is not taken from outside');
    assert.deepEqual(texts(), ['hello from Ada 🔐', '<img src=x onerror=alert(1)>']);
  });

  test('a reply whose answer is lost (drop_response) and one refused with 503: each retry posts the same sealed bytes, X holds each once', async () => {
    const path = `/2/chat/conversations/${CONV}/messages`;
    for (const [text, fault] of [['reply once', { drop_response: true }], ['reply after 503', { status: 503 }]] as const) {
      await admin('faults', { method: 'POST', path, count: 1, ...fault });
      const before = (await state()).events;
      const first = await source.send({ conversationId: REF }, text);
      assert.ok(first.status === 'unconfirmed', `${text}: ${first.status}`);
      assert.equal((await state()).events, 'drop_response' in fault ? before + 1 : before, `${text}: whether the first post reached X`);
      assert.deepEqual(source.thread(REF).items.filter((m) => m.text === text).map((m) => m.status), ['unconfirmed']);
      const retried = await source.retry(first.localId);
      assert.equal(retried.status, 'sent');
      assert.equal((await state()).events, before + 1, `${text}: exactly one message at X`);
      assert.deepEqual(source.thread(REF).items.filter((m) => m.text === text).map((m) => [m.status, m.fromMe, m.localId]), [['sent', true, undefined]], 'the row is X’s event, not a local one');
      const party = await admin<PartyView>('chat/decrypt', { user_id: ADA, conversation_id: CONV });
      assert.deepEqual(party.events.filter((e) => e.text === text).map((e) => e.verified), [true], `${text}: the party reads it once, verified`);
    }
    assert.deepEqual(await requestsOf(() => source.sync('manual')), ['GET /2/chat/conversations', `GET /2/chat/conversations/${CONV}/events`]);
    assert.equal(texts().filter((t) => t.startsWith('reply')).length, 2, 'a later sync adds no copy');
  });

  test('a tampered event surfaces as unverified with no text', async () => {
    const sent = await adaSays('this one gets tampered');
    await admin('chat/tamper', { conversation_id: CONV, sequence_id: sent.sequence_id });
    await source.sync('manual');
    const row = source.thread(REF).items.find((m) => m.id === sent.sequence_id);
    assert.deepEqual(row && [row.integrity, row.text, row.fromMe, row.senderId], ['unverified', '', false, ADA]);
    assert.ok(!inspect(source, { depth: Infinity }).includes('gets tampered'), 'the tampered text is nowhere in memory');
    assert.equal(source.conversations().find((c) => c.id === REF)?.preview, '', 'an untrusted newest row previews nothing');
  });

  test('mark read: only locally while read receipts are off; X is told when they are on', async () => {
    const stateBefore = await state();
    const made = await requestsOf(() => source.markRead(REF));
    assert.deepEqual(made, [], 'receipts off: nothing sent to X');
    assert.equal((await state()).seen_until[ME], stateBefore.seen_until[ME]);
    assert.equal(source.conversations().find((c) => c.id === REF)?.unread, 0);
    const next = await adaSays('are you there?');
    await source.sync('manual');
    assert.equal(source.conversations().find((c) => c.id === REF)?.unread, 1);
    receipts = true;
    assert.deepEqual(await requestsOf(() => source.markRead(REF)), [`POST /2/chat/conversations/${CONV}/read`]);
    const after = await state();
    assert.deepEqual([after.seen_until[ME], after.unread[ME]], [next.sequence_id, 0]);
  });

  test('a new 1:1 with someone who has keys: key change posted, then the message the party reads; someone without keys is refused before anything is posted', async () => {
    const result = await source.send({ participantId: LINUS }, 'first words, encrypted');
    const conv = `${LINUS}-${ME}`;
    assert.ok(result.status === 'sent' && result.conversationId === xchatRef(conv), JSON.stringify(result));
    const party = await admin<PartyView>('chat/decrypt', { user_id: LINUS, conversation_id: conv });
    assert.deepEqual(party.events.map((e) => [e.text, e.verified]), [['first words, encrypted', true]]);
    // The new conversation's key-change event is not in hand yet, so the sent row stays local until the next read.
    assert.deepEqual(source.thread(xchatRef(conv)).items.map((m) => [m.text, m.status, m.localId]), [['first words, encrypted', 'sent', 'local-3']]);
    await source.sync('manual');
    assert.ok(source.conversations().some((c) => c.id === xchatRef(conv)));
    assert.deepEqual(source.thread(xchatRef(conv)).items.map((m) => [m.text, m.fromMe, m.status]), [['first words, encrypted', true, 'sent']]);
    assert.deepEqual(source.thread(xchatRef(conv)).items.map((m) => [m.text, m.localId]), [['first words, encrypted', undefined]], 'after the sync the row is X’s event');
    const made = await requestsOf(() => assert.rejects(source.send({ participantId: YUKI }, 'hi'), XChatNoKeysError));
    assert.ok(!made.some((r) => r.startsWith('POST')), `nothing posted: ${made.join(', ')}`);
  });

  test('lock: decrypted messages leave memory, rows show as locked, a locked sync reads no events; unlocking reads them again', async () => {
    assert.ok(inspect(source, { depth: Infinity }).includes('hello from Ada'), 'control: the text is held while unlocked');
    await session.lock();
    assert.deepEqual(session.state, { status: 'locked' });
    assert.deepEqual(source.thread(REF), { locked: true, items: [], mayHaveOlderAtX: false });
    assert.ok(source.conversations().every((c) => c.locked && c.preview === ''));
    const memory = inspect(source, { depth: Infinity });
    for (const text of ['hello from Ada', 'reply once', 'first words', 'are you there']) assert.ok(!memory.includes(text), `${text} is gone`);
    assert.deepEqual(await requestsOf(() => source.sync('manual')), ['GET /2/chat/conversations']);
    await assert.rejects(source.markRead(REF), /locked/);
    assert.deepEqual(await session.unlock(utf8(PASSCODE)), { status: 'unlocked' });
    await source.sync('manual');
    assert.deepEqual(texts(), ['', 'are you there?'], 'a first read brings the newest page only (pages of 2 here)');
    assert.equal(source.thread(REF).mayHaveOlderAtX, true);
  });

  test('load older: one page per call, oldest reached once, no event read twice', async () => {
    const pages: { added: number; exhausted: boolean }[] = [];
    const made = await requestsOf(async () => {
      for (let i = 0; i < 5 && !pages.at(-1)?.exhausted; i++) pages.push(await source.loadOlder(REF));
    });
    assert.deepEqual(pages, [{ added: 2, exhausted: false }, { added: 2, exhausted: true }], 'six messages, the newest two already held');
    assert.deepEqual(made, [`GET /2/chat/conversations/${CONV}/events`, `GET /2/chat/conversations/${CONV}/events`]);
    assert.deepEqual(texts(), ['hello from Ada 🔐', '<img src=x onerror=alert(1)>', 'reply once', 'reply after 503', '', 'are you there?']);
    assert.equal(source.thread(REF).mayHaveOlderAtX, false);
    assert.deepEqual(await source.loadOlder(REF), { added: 0, exhausted: true });
  });

  test('locked, nothing can be sent; a send left unconfirmed keeps only its sealed bytes through a lock and is posted once after', async () => {
    await admin('faults', { method: 'POST', path: `/2/chat/conversations/${CONV}/messages`, count: 1, status: 503 });
    const first = await source.send({ conversationId: REF }, 'sent across a lock');
    assert.ok(first.status === 'unconfirmed');
    await session.lock();
    await assert.rejects(source.send({ conversationId: REF }, 'while locked'), XChatLockedError);
    assert.ok(!inspect(source, { depth: Infinity }).includes('sent across a lock'), 'its plaintext left with the keys');
    const before = (await state()).events;
    assert.equal((await source.retry(first.localId)).status, 'sent', 'the sealed bytes need no keys to be posted');
    assert.equal((await state()).events, before + 1);
    assert.deepEqual(await session.unlock(utf8(PASSCODE)), { status: 'unlocked' });
    await source.sync('manual');
    assert.deepEqual(texts().filter((t) => t === 'sent across a lock').length, 1, 'X’s copy, decrypted again, once');
    assert.ok(source.thread(REF).items.every((m) => m.localId === undefined), 'the local row settled');
  });

  test('a reply in a conversation no sync has read yet: its key is read first, then the message the party reads', async () => {
    await admin('chat/users', { user_id: YUKI });
    const conv = `${YUKI}-${ME}`;
    await admin('chat/messages', { from_user_id: YUKI, to_user_id: ME, text: 'new here' });
    const result = await source.send({ conversationId: xchatRef(conv) }, 'welcome, Yuki');
    assert.equal(result.status, 'sent', JSON.stringify(result));
    const party = await admin<PartyView>('chat/decrypt', { user_id: YUKI, conversation_id: conv });
    assert.deepEqual(party.events.map((e) => [e.text, e.verified]), [['new here', true], ['welcome, Yuki', true]]);
    assert.deepEqual(texts(conv), ['new here', 'welcome, Yuki']);
  });

  test('an unlock while a locked listing is still running: the sync after it reads with the keys, not the stale run', async () => {
    await session.lock();
    await admin('faults', { method: 'GET', path: '/2/chat/conversations', count: 1, delay_ms: 1500 });
    const listing = source.sync('manual');
    assert.deepEqual(await session.unlock(utf8(PASSCODE)), { status: 'unlocked' });
    await source.sync('manual');
    await listing;
    assert.ok(texts().includes('are you there?'), 'decrypted by the sync that followed the unlock');
  });

  test('rate limited: the sync says until when, keeps what it holds, and the next one does not ask X early', async () => {
    const held = texts();
    await admin('faults', { method: 'GET', path: '/2/chat/conversations', count: 1, status: 429 });
    const outcome = await source.sync('manual');
    assert.equal(outcome.skipped, 'rateLimited');
    assert.ok((outcome.retryAt ?? 0) > Date.now());
    assert.equal(source.syncState.phase, 'rateLimited');
    assert.deepEqual(texts(), held);
    assert.deepEqual(await requestsOf(() => source.sync('manual')), [], 'the rate-limit book holds the next sync back');
  });
});
