import { xchatRef } from '../../../../src/dm/model/ids';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Emulator } from '../../../emulator/server';
import { makePng } from '../../../emulator/generator/png';
import type { AuthStrategy } from '../../../../src/api/authStrategy';
import { defaultStrings } from '../../../../src/dm/strings';
import { createChatApi, type ChatApi } from '../../../../src/xchat/api/chatApi';
import { EngineError } from '../../../../src/xchat/engine/engine';
import { XChatMediaError } from '../../../../src/xchat/source/chatMedia';
import { XChatLockedError } from '../../../../src/xchat/source/lockState';
import { XChatSession, backupUnlocker } from '../../../../src/xchat/source/xchatSession';
import { XChatSource } from '../../../../src/xchat/source/xchatSource';
import { KeyBackupDouble } from '../../../xchat/keyBackupDouble';
import { testEngine, utf8 } from '../../../xchat/engineWorker';
import { adminPost, start, tokenFor } from '../../emulator/support';

/**
 * Images in received X Chat messages, end to end in plain Node: the emulator's other party (real Chat XDK) seals an
 * image with the conversation key and names it in its signed message; the source maps it to an attachment and
 * `fetchMedia` downloads the ciphertext once and has the engine worker (real Chat XDK) open it. Counts come from the
 * emulator's request log.
 */

const ME = '1849302175620384768';
const ADA = '783214';
const LINUS = '2244994945';
const CONV = `${ADA}-${ME}`;
const PASSCODE = '4821';

describe('X Chat media against the emulator with a real second party', () => {
  let emu: Emulator;
  let chat: ChatApi;
  let session: XChatSession;
  let source: XChatSource;
  const photo = makePng(3, 2, [200, 30, 30], [30, 30, 200]);

  async function admin<T>(path: string, body: unknown): Promise<T> {
    const res = await adminPost(emu, path, body);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as T;
  }
  type Sent = { sequence_id: string; media_hash_key: string };
  const adaSends = (bytes: Buffer, text = 'a picture'): Promise<Sent> =>
    admin('chat/messages', { from_user_id: ADA, to_user_id: ME, text, image: { base64: bytes.toString('base64'), mime: 'image/png', width: 3, height: 2, filename: 'p.png' } });
  const mediaRequests = (): number => (emu.stats().requests as { path: string }[]).filter((r) => r.path.startsWith('/2/chat/media/')).length;
  const rejectsWith = (problem: string) => (e: unknown) => e instanceof XChatMediaError && e.problem === problem;

  before(async () => {
    emu = await start({ preset: 'demo' });
    const token = await tokenFor(emu);
    const mine = await admin<{ key_material: string }>('chat/users', { user_id: ME, export_key_material: true });
    for (const user_id of [ADA, LINUS]) await admin('chat/users', { user_id });
    const auth: AuthStrategy = { authorize: async () => ({ authorization: `Bearer ${token}` }), refreshAfterUnauthorized: async () => false };
    chat = createChatApi({ baseUrl: emu.url, auth }).api;
    const backup = new KeyBackupDouble(PASSCODE, Buffer.from(mine.key_material, 'base64'), 3);
    session = new XChatSession({ meId: ME, ownKeys: () => chat.myPublicKeys(ME), newEngine: testEngine, unlocker: backupUnlocker(backup) });
    source = new XChatSource({ api: chat, session, meId: ME, strings: defaultStrings, now: () => Date.now(), readReceipts: () => false });
    assert.equal((await session.unlock(utf8(PASSCODE))).status, 'unlocked');
  });
  after(async () => {
    source.dispose();
    await session.lock();
    assert.deepEqual(emu.stats().request_violations, [], 'every request fits X’s 2.167 contract');
    await emu.close();
  });

  test('a received image is one attachment, and fetchMedia returns exactly its bytes with one download', async () => {
    const sent = await adaSends(photo);
    await source.sync('manual');
    const message = source.thread(xchatRef(CONV)).items.find((m) => m.id === sent.sequence_id);
    assert.deepEqual(message?.attachments, [{ mediaKey: sent.media_hash_key, type: 'photo', dmEventId: sent.sequence_id, width: 3, height: 2 }]);
    assert.equal(message?.text, 'a picture');
    assert.ok(source.hasMessage(sent.sequence_id));
    assert.ok(!source.hasMessage('1234567'));
    const before = mediaRequests();
    const media = await source.fetchMedia(sent.sequence_id, sent.media_hash_key);
    assert.equal(media.contentType, 'image/png');
    assert.ok(Buffer.from(media.bytes).equals(photo), 'the plaintext is the original, byte for byte');
    assert.equal(mediaRequests() - before, 1);
    await source.fetchMedia(sent.sequence_id, sent.media_hash_key);
    assert.equal(mediaRequests() - before, 2, 'one download per fetch (the panel’s media cache keeps results)');
  });

  test('an image sent without text is a message with an empty text and its attachment', async () => {
    const sent = await adaSends(photo, '');
    await source.sync('manual');
    const message = source.thread(xchatRef(CONV)).items.find((m) => m.id === sent.sequence_id);
    assert.deepEqual([message?.text, message?.integrity, message?.attachments.length], ['', undefined, 1]);
    assert.ok(Buffer.from((await source.fetchMedia(sent.sequence_id, sent.media_hash_key)).bytes).equals(photo));
  });

  test('tampered media ciphertext fails with a clear error and no bytes; the engine keeps serving', async () => {
    const good = await adaSends(photo, 'kept');
    const bad = await adaSends(photo, 'altered on the server');
    await admin('chat/tamper-media', { media_hash_key: bad.media_hash_key });
    await source.sync('manual');
    const before = mediaRequests();
    await assert.rejects(source.fetchMedia(bad.sequence_id, bad.media_hash_key), (e: unknown) => rejectsWith('undecryptable')(e) && /could not be decrypted/.test(String(e)));
    assert.equal(mediaRequests() - before, 1);
    assert.ok(Buffer.from((await source.fetchMedia(good.sequence_id, good.media_hash_key)).bytes).equals(photo));
  });

  test('only media a verified message names is fetched: other keys, unknown messages and unverified rows ask nothing', async () => {
    const sent = await adaSends(photo, 'named');
    const forged = await adaSends(photo, 'its signature breaks');
    await admin('chat/tamper', { conversation_id: CONV, sequence_id: forged.sequence_id });
    await source.sync('manual');
    const row = source.thread(xchatRef(CONV)).items.find((m) => m.id === forged.sequence_id);
    assert.deepEqual([row?.integrity, row?.attachments], ['unverified', []]);
    const before = mediaRequests();
    await assert.rejects(source.fetchMedia(forged.sequence_id, forged.media_hash_key), rejectsWith('notFound'));
    await assert.rejects(source.fetchMedia(sent.sequence_id, forged.media_hash_key), rejectsWith('notFound'));
    await assert.rejects(source.fetchMedia('1234567', sent.media_hash_key), rejectsWith('notFound'));
    assert.equal(mediaRequests() - before, 0);
    // The worker itself opens nothing a verified message did not name, whatever the host asks.
    const sealed = await chat.downloadMedia(CONV, forged.media_hash_key);
    const engine = session.engine;
    assert.ok(engine);
    await assert.rejects(engine.request({ op: 'decryptMedia', conversationId: CONV, mediaHashKey: forged.media_hash_key, ciphertext: sealed }), (e: unknown) => e instanceof EngineError && e.code === 'failed');
  });

  test('bytes that decrypt but are not a raster image never come back', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const sent = await adaSends(svg, 'not really a png');
    await source.sync('manual');
    await assert.rejects(source.fetchMedia(sent.sequence_id, sent.media_hash_key), rejectsWith('notAnImage'));
  });

  test('the emulator serves media to participants only, with media.write as X’s contract says', async () => {
    const sent = await adaSends(photo, 'private');
    const get = async (token: string, conv = CONV, key = sent.media_hash_key): Promise<number> =>
      (await fetch(`${emu.url}/2/chat/media/${conv}/${key}`, { headers: { authorization: `Bearer ${token}` } })).status;
    const linus = await tokenFor(emu, { user_id: LINUS });
    assert.equal(await get(linus), 404, 'a non-participant learns nothing');
    assert.equal(await get(linus, `${ADA}-${LINUS}`), 404, 'nor through a conversation of their own');
    const ada = await tokenFor(emu, { user_id: ADA });
    assert.equal(await get(ada), 200);
    assert.equal(await get(ada, CONV, 'nosuchkey'), 404);
    const noMediaScope = await tokenFor(emu, { scopes: ['dm.read', 'dm.write', 'tweet.read', 'users.read', 'offline.access'] });
    assert.equal(await get(noMediaScope), 403);
  });

  test('locked: fetchMedia is refused before any request', async () => {
    const sent = await adaSends(photo, 'before the lock');
    await source.sync('manual');
    await session.lock();
    const before = mediaRequests();
    await assert.rejects(source.fetchMedia(sent.sequence_id, sent.media_hash_key), (e: unknown) => e instanceof XChatLockedError);
    assert.ok(!source.hasMessage(sent.sequence_id));
    assert.equal(mediaRequests() - before, 0);
  });
});
