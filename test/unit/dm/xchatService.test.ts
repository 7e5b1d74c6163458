import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuthStrategy } from '../../../src/api/authStrategy';
import { createDmService } from '../../../src/dm/createDmService';
import type { DmChange, XChatStatus } from '../../../src/dm/dmService';
import type { DmServiceImpl } from '../../../src/dm/dmServiceImpl';
import { XCHAT_REF_PATTERN, xchatRef } from '../../../src/dm/model/ids';
import { XChatCannotDeleteError } from '../../../src/dm/source/xchatRouting';
import { NotificationPlanner, incomingBatch, type NotificationPlan } from '../../../src/notify/notificationPlan';
import { createChatApi, type ChatApi } from '../../../src/xchat/api/chatApi';
import { XChatSession, backupUnlocker } from '../../../src/xchat/source/xchatSession';
import { EmulatorKeyBackup, emulatorKeyBackupEndpoint } from '../../../src/xchat/engine/emulatorKeyBackup';
import { DEMO_XCHAT_PASSCODE } from '../../emulator/generator/demoChat';
import { KeyBackupDouble } from '../../xchat/keyBackupDouble';
import { testEngine, utf8 } from '../../xchat/engineWorker';
import { adminPost, tokenFor } from '../emulator/support';
import { startWorld, type EmulatorWorld } from './emulatorWorld';

/**
 * DmService with both sources against the emulator: legacy DMs from the demo preset, X Chat from `/2/chat` with the
 * engine worker and the emulator's other party each running the real Chat XDK, the key backup replaced by its double.
 * Counts come from the emulator's request log; poll ticks are fired by hand through the service's own clock.
 */

const ADA = '783214';
const LINUS = '2244994945';
const YUKI = '99887766'; // a legacy 1:1 in the demo, no X Chat one
const PAT = '555000111';
const PASSCODE = '4821';

type Req = { method: string; path: string };
const isChat = (r: Req): boolean => r.path.startsWith('/2/chat') || r.path.includes('public_keys');

/** A clock whose timers run only when the test says so (the poll scheduler's ticks). */
function manualClock(world: EmulatorWorld) {
  const timers: { run: () => void; live: boolean }[] = [];
  return {
    now: () => world.clock.now(),
    setTimeout(run: () => void) {
      const timer = { run, live: true };
      timers.push(timer);
      return { dispose: () => void (timer.live = false) };
    },
    pending: () => timers.filter((t) => t.live).length,
    /** Runs the due poll and resolves once the scheduler planned the next one (the tick, X Chat included, is over). */
    async tick(): Promise<void> {
      const due = timers.splice(0).filter((t) => t.live);
      assert.equal(due.length, 1, 'one poll planned');
      for (const t of due) t.run();
      for (let i = 0; i < 400 && timers.filter((t) => t.live).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      assert.equal(timers.filter((t) => t.live).length, 1, 'the next poll was planned');
    },
  };
}

function chatClient(world: EmulatorWorld, token: string): ChatApi {
  const auth: AuthStrategy = { authorize: async () => ({ authorization: `Bearer ${token}` }), refreshAfterUnauthorized: async () => false };
  return createChatApi({ baseUrl: world.emu.url, auth }).api;
}

describe('DmService without X Chat', () => {
  test('no xchat options: legacy only, no X Chat request ever, no encryptedChats', async () => {
    const world = await startWorld('demo');
    const dm = createDmService({ api: world.api, me: world.me, clock: world.clock });
    try {
      await dm.syncNow('startup');
      await dm.syncNow('poll');
      await dm.syncNow('manual');
      const requests = world.emu.stats().requests as Req[];
      assert.deepEqual(requests.filter(isChat), []);
      assert.ok(requests.some((r) => r.path === '/2/dm_events'), 'control: the legacy sync did run');
      assert.equal(dm.encryptedChats, undefined);
      assert.ok(dm.conversations().every((c) => !c.encrypted && !XCHAT_REF_PATTERN.test(c.id)));
    } finally {
      dm.dispose();
      await world.close();
    }
  });

  test('an account without keys: the probe is one request after the first sync, then X Chat costs nothing', async () => {
    const world = await startWorld('empty'); // the demo's "me" has X Chat keys
    const chat = chatClient(world, await tokenFor(world.emu));
    const session = new XChatSession({ meId: world.me.id, ownKeys: () => chat.myPublicKeys(world.me.id), newEngine: testEngine, unlocker: backupUnlocker(new KeyBackupDouble('x', new Uint8Array(32))) });
    const dm = createDmService({ api: world.api, me: world.me, clock: world.clock, xchat: { api: chat, session, readReceipts: () => false } });
    const states: string[] = [];
    dm.encryptedChats?.onDidChangeState((s) => states.push(s.status));
    try {
      assert.equal(dm.encryptedChats?.state.status, 'unknown', 'nothing is known before the probe');
      await dm.syncNow('startup');
      const chatRequests = (): string[] => (world.emu.stats().requests as Req[]).filter(isChat).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(chatRequests(), [`GET /2/users/${world.me.id}/public_keys`]);
      assert.deepEqual(states, ['noKeys']);
      await dm.syncNow('poll');
      await dm.syncNow('manual');
      assert.equal(chatRequests().length, 1, 'nothing more for an account without keys');
      await dm.encryptedChats?.lock();
      assert.equal(dm.encryptedChats?.state.status, 'noKeys', 'a lock does not turn "no keys" into "locked"');
      assert.ok(dm.conversations().every((c) => !c.encrypted));
    } finally {
      dm.dispose();
      await world.close();
    }
  });
});

test('a probe X could not answer is unavailable; a manual refresh asks again, then lists', async () => {
  const world = await startWorld('demo');
  await adminPost(world.emu, 'chat/users', { user_id: world.me.id });
  await adminPost(world.emu, 'faults', { method: 'GET', path: `/2/users/${world.me.id}/public_keys`, count: 1, status: 400 });
  const chat = chatClient(world, await tokenFor(world.emu));
  const session = new XChatSession({ meId: world.me.id, ownKeys: () => chat.myPublicKeys(world.me.id), newEngine: testEngine, unlocker: backupUnlocker(new KeyBackupDouble('x', new Uint8Array(32))) });
  const dm = createDmService({ api: world.api, me: world.me, clock: world.clock, xchat: { api: chat, session, readReceipts: () => false } });
  const chatRequests = (): string[] => (world.emu.stats().requests as Req[]).filter(isChat).map((r) => `${r.method} ${r.path}`);
  try {
    await dm.syncNow('startup');
    assert.equal(dm.encryptedChats?.state.status, 'unavailable');
    await dm.syncNow('poll');
    assert.equal(chatRequests().length, 1, 'a poll does not ask again');
    await dm.syncNow('manual');
    assert.equal(dm.encryptedChats?.state.status, 'locked');
    assert.deepEqual(chatRequests().slice(1), [`GET /2/users/${world.me.id}/public_keys`, 'GET /2/chat/conversations']);
  } finally {
    dm.dispose();
    await world.close();
  }
});

test('the demo’s encrypted world: unlocking reads every encrypted conversation’s history with no notification, all under refs', async () => {
  const world = await startWorld('demo');
  const token = await tokenFor(world.emu);
  const chat = chatClient(world, token);
  const backup = new EmulatorKeyBackup(emulatorKeyBackupEndpoint(world.emu.url) as URL, async () => `Bearer ${token}`);
  const session = new XChatSession({ meId: world.me.id, ownKeys: () => chat.myPublicKeys(world.me.id), newEngine: testEngine, unlocker: backupUnlocker(backup) });
  const dm = createDmService({ api: world.api, me: world.me, clock: world.clock, xchat: { api: chat, session, readReceipts: () => false } });
  const changes: DmChange[] = [];
  dm.onDidChange((c) => changes.push(c));
  try {
    await dm.syncNow('startup');
    const encrypted = dm.conversations().filter((c) => c.encrypted);
    assert.deepEqual(encrypted.map((c) => [XCHAT_REF_PATTERN.test(c.id), c.locked, c.preview]), encrypted.map(() => [true, true, '']));
    assert.ok(encrypted.length >= 3 && dm.conversations().length > encrypted.length, 'both kinds in one list');
    const since = changes.length;
    assert.deepEqual(await dm.encryptedChats?.unlock(utf8(DEMO_XCHAT_PASSCODE)), { status: 'unlocked' });
    const history = changes.slice(since);
    assert.ok(history.some((c) => c.firstSync && (c.backfillCount ?? 0) > 0), 'messages by others were read');
    const planner = new NotificationPlanner();
    const plans = history.map((c) => planner.plan(incomingBatch(c), { meId: world.me.id, visibleConversationId: undefined, now: world.clock.now() }).kind);
    assert.deepEqual(plans.filter((k) => k !== 'none'), [], 'no toast for the history an unlock reads');
    const threads = encrypted.map((c) => dm.thread(c.id).items);
    assert.ok(threads.every((items) => items.length > 0 && items.every((m) => m.conversationId.startsWith('xchat-'))));
    const rows = dm.conversations().filter((c) => c.encrypted);
    assert.deepEqual(rows.map((c) => c.locked), rows.map(() => false), 'unlocked rows');
    assert.ok(rows.some((c) => c.preview !== ''), 'with their newest text as preview');
  } finally {
    dm.dispose();
    await world.close();
  }
});

describe('DmService with legacy DMs and X Chat', () => {
  let world: EmulatorWorld;
  let clock: ReturnType<typeof manualClock>;
  let dm: DmServiceImpl;
  let session: XChatSession;
  let backup: KeyBackupDouble;
  let me: string;
  let CONV: string;
  let REF: string;
  const changes: DmChange[] = [];
  const states: XChatStatus[] = [];
  const planner = new NotificationPlanner();

  async function admin<T>(path: string, body: unknown): Promise<T> {
    const res = await adminPost(world.emu, path, body);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as T;
  }
  const adaSays = (text: string): Promise<{ sequence_id: string }> => admin('chat/messages', { from_user_id: ADA, to_user_id: me, text });
  const chatEvents = async (conv: string): Promise<number> => ((await (await fetch(`${world.emu.url}/__admin/chat/state?conversation_id=${conv}`)).json()) as { events: number }).events;
  /** The requests `act` made, as `METHOD path`. */
  async function requestsOf(act: () => Promise<unknown>): Promise<string[]> {
    const log = (): Req[] => world.emu.stats().requests as Req[];
    const start = log().length;
    await act();
    return log().slice(start).map((r) => `${r.method} ${r.path}`);
  }
  const plans = (since: number): NotificationPlan['kind'][] =>
    changes.slice(since).map((c) => planner.plan(incomingBatch(c), { meId: me, visibleConversationId: undefined, now: world.clock.now(), isMuted: (id) => dm.isMuted(id) }).kind);

  before(async () => {
    world = await startWorld('demo');
    me = world.me.id;
    CONV = `${ADA}-${me}`;
    REF = xchatRef(CONV);
    const mine = await admin<{ key_material: string }>('chat/users', { user_id: me, export_key_material: true });
    for (const user_id of [ADA, LINUS, YUKI]) await admin('chat/users', { user_id });
    const chat = chatClient(world, await tokenFor(world.emu));
    backup = new KeyBackupDouble(PASSCODE, Buffer.from(mine.key_material, 'base64'), 5);
    session = new XChatSession({ meId: me, ownKeys: () => chat.myPublicKeys(me), newEngine: testEngine, unlocker: backupUnlocker(backup) });
    clock = manualClock(world);
    dm = createDmService({ api: world.api, me: world.me, clock, xchat: { api: chat, session, readReceipts: () => false } });
    dm.onDidChange((c) => changes.push(c));
    dm.encryptedChats?.onDidChangeState((s) => states.push(s));
  });
  after(async () => {
    dm.dispose();
    await session.lock();
    assert.deepEqual(world.emu.stats().request_violations, [], 'every request fits X’s contracts');
    await world.close();
  });

  test('locked: after the first sync the probe finds keys and lists X Chat; rows are merged by activity, locked, without text', async () => {
    await adaSays('pineapple secret');
    world.clock.advance(1000);
    const made = await requestsOf(() => dm.syncNow('startup'));
    assert.deepEqual(made.filter((r) => isChat({ method: '', path: r.split(' ')[1] ?? '' })), [`GET /2/users/${me}/public_keys`, 'GET /2/chat/conversations']);
    assert.deepEqual(states.map((s) => s.status), ['locked'], 'unknown → locked');
    const rows = dm.conversations();
    const xchatRow = rows.find((c) => c.id === REF);
    assert.deepEqual(xchatRow && [xchatRow.encrypted, xchatRow.locked, xchatRow.preview, xchatRow.title], [true, true, '', 'Ada Lovelace']);
    assert.ok(rows.some((c) => c.id === CONV && !c.encrypted), 'the legacy 1:1 with the same person stays its own row');
    assert.deepEqual(rows.map((c) => c.lastActivityAt), [...rows.map((c) => c.lastActivityAt)].sort((a, b) => b - a), 'newest activity first');
    assert.ok(rows.filter((c) => c.encrypted).every((c) => XCHAT_REF_PATTERN.test(c.id)), 'X Chat rows are named by ref');
    assert.deepEqual(dm.thread(REF).items, []);
    assert.ok(!JSON.stringify(rows).includes('pineapple'));
  });

  test('locked: poll ticks ask X Chat nothing; a manual refresh lists once; search finds names, never locked text', async () => {
    const tick = await requestsOf(() => clock.tick());
    assert.ok(tick.includes('GET /2/dm_events'), 'control: the legacy poll ran');
    assert.deepEqual(tick.filter((r) => r.includes('/2/chat') || r.includes('public_keys')), []);
    const manual = await requestsOf(() => dm.syncNow('manual'));
    assert.deepEqual(manual.filter((r) => r.includes('/2/chat') || r.includes('public_keys')), ['GET /2/chat/conversations']);
    assert.ok(dm.search('ada').some((c) => c.id === REF), 'by name while locked');
    assert.ok(dm.search('@ada_codes').some((c) => c.id === REF), 'by @username');
    assert.ok(!dm.search('pineapple').some((c) => c.id === REF), 'locked text is not searched');
  });

  test('unlock: the first X Chat sync is history (no incoming, no toast); then the text is there, searchable, under the ref', async () => {
    const since = changes.length;
    const result = await dm.encryptedChats?.unlock(utf8(PASSCODE));
    assert.deepEqual(result, { status: 'unlocked' });
    assert.deepEqual(states.slice(-2).map((s) => s.status), ['unlocking', 'unlocked']);
    const after = changes.slice(since);
    assert.ok(after.some((c) => c.firstSync && c.conversationIds.includes(REF)), 'the unlock sync read the conversation');
    assert.deepEqual(after.flatMap((c) => c.incoming), []);
    assert.deepEqual(plans(since).filter((k) => k !== 'none'), [], 'no notification for history');
    assert.deepEqual(dm.thread(REF).items.map((m) => [m.type === 'message' && m.text, m.conversationId]), [['pineapple secret', REF]]);
    assert.deepEqual(dm.conversation(REF) && [dm.conversation(REF)?.locked, dm.conversation(REF)?.preview], [false, 'pineapple secret']);
    assert.ok(dm.search('pineapple').some((c) => c.id === REF));
    assert.equal(dm.user(ADA)?.name, 'Ada Lovelace');
  });

  test('a later message from the party is incoming once, under the ref, on the next poll tick; mutes apply', async () => {
    await adaSays('are you there?');
    const since = changes.length;
    const tick = await requestsOf(() => clock.tick());
    assert.ok(tick.includes('GET /2/chat/conversations'), 'unlocked: X Chat syncs on the poll tick');
    const incoming = changes.slice(since).flatMap((c) => c.incoming);
    assert.deepEqual(incoming.map((m) => [m.text, m.conversationId]), [['are you there?', REF]]);
    assert.deepEqual(plans(since).filter((k) => k !== 'none'), ['single']);
    const again = changes.length;
    const idle = await requestsOf(() => clock.tick());
    assert.deepEqual(idle.filter((r) => r.includes('/2/chat')), ['GET /2/chat/conversations'], 'an unchanged inbox: one request');
    assert.deepEqual(changes.slice(again).flatMap((c) => c.incoming), [], 'announced once');
    const unread = dm.totalUnread();
    assert.ok((dm.conversation(REF)?.unread ?? 0) > 0);
    await dm.setMuted(REF, true);
    assert.equal(dm.totalUnread(), unread - (dm.conversation(REF)?.unread ?? 0), 'a muted X Chat does not count');
    await dm.setMuted(REF, false);
  });

  test('read state: mark read is local with receipts off; mark unread flags it until read again', async () => {
    const made = await requestsOf(async () => {
      dm.markRead(REF);
      await new Promise((r) => setTimeout(r, 20));
    });
    assert.deepEqual(made, [], 'receipts off: nothing told to X');
    assert.equal(dm.conversation(REF)?.unread, 0);
    dm.markUnread(REF);
    assert.equal(dm.conversation(REF)?.unread, 1);
    dm.markRead(REF);
    assert.equal(dm.conversation(REF)?.unread, 0);
  });

  test('send routing: a ref and a person with an X Chat 1:1 go to X Chat; a legacy id stays legacy; a new person with keys gets X Chat, others legacy', async () => {
    const before = await chatEvents(CONV);
    const reply = await dm.send({ conversationId: REF }, 'encrypted reply');
    assert.deepEqual(reply.status === 'sent' && reply.conversationId, REF);
    const toAda = await dm.send({ participantId: ADA }, 'to Ada as a person');
    assert.deepEqual(toAda.status === 'sent' && toAda.conversationId, REF, 'an X Chat 1:1 with the person wins over the legacy one');
    assert.equal(await chatEvents(CONV), before + 2);
    const legacy = await requestsOf(() => dm.send({ conversationId: CONV }, 'plain legacy'));
    assert.deepEqual(legacy.filter((r) => r.startsWith('POST')), [`POST /2/dm_conversations/${CONV}/messages`]);
    const yuki = await requestsOf(() => dm.send({ participantId: YUKI }, 'hi Yuki'));
    assert.deepEqual(yuki.filter((r) => r.startsWith('POST') || r.includes('public_keys')), [`POST /2/dm_conversations/with/${YUKI}/messages`], 'an existing legacy 1:1 wins over starting X Chat');
    const linus = await dm.send({ participantId: LINUS }, 'a new encrypted chat');
    assert.deepEqual(linus.status === 'sent' && linus.conversationId, xchatRef(`${LINUS}-${me}`), 'keys and no conversation: X Chat');
    const pat = await requestsOf(() => dm.send({ participantId: PAT }, 'hello Pat'));
    assert.deepEqual(pat.filter((r) => r.startsWith('POST')), [`POST /2/dm_conversations/with/${PAT}/messages`], 'no keys: legacy, nothing posted to X Chat');
  });

  test('an X Chat thread pages like a legacy one: newest `limit` first, older from memory before asking X', async () => {
    const all = dm.thread(REF, { limit: 100 }).items;
    assert.ok(all.length >= 4, `held: ${all.length}`);
    const newest = dm.thread(REF, { limit: 2 });
    assert.deepEqual([newest.items.map((m) => m.id), newest.hasOlderInArchive], [all.slice(-2).map((m) => m.id), true]);
    const before = dm.thread(REF, { beforeId: newest.items[0]?.id, limit: 2 });
    assert.deepEqual(before.items.map((m) => m.id), all.slice(-4, -2).map((m) => m.id));
    const made = await requestsOf(async () => assert.deepEqual(await dm.loadOlder(REF), { added: Math.min(all.length - 2, 200), exhausted: false }));
    assert.deepEqual(made, [], 'held in memory: nothing asked of X');
  });

  test('X Chat cannot delete: refused before any request; capabilities say so', async () => {
    const theirs = dm.thread(REF).items.find((m) => m.type === 'message' && !m.fromMe);
    assert.ok(theirs);
    const made = await requestsOf(() => assert.rejects(dm.deleteMessage(theirs.id), XChatCannotDeleteError));
    assert.deepEqual(made, []);
    assert.deepEqual(dm.capabilities(REF), { isEncrypted: true, canDelete: false, canLoadOlder: true, canSendMedia: false });
    assert.equal(dm.capabilities(CONV).canDelete, true);
  });

  test('typing: X Chat only, at most once per 5 s per conversation', async () => {
    const made = await requestsOf(async () => {
      await dm.sendTyping(REF);
      await dm.sendTyping(REF);
      await dm.sendTyping(CONV);
      world.clock.advance(5_000);
      await dm.sendTyping(REF);
    });
    assert.deepEqual(made, [`POST /2/chat/conversations/${CONV}/typing`, `POST /2/chat/conversations/${CONV}/typing`]);
  });

  test('lock: rows stay as locked ones (listed once), their text leaves the list and the thread', async () => {
    const made = await requestsOf(() => dm.encryptedChats?.lock() ?? Promise.resolve());
    assert.deepEqual(made, ['GET /2/chat/conversations']);
    assert.equal(dm.encryptedChats?.state.status, 'locked');
    const row = dm.conversation(REF);
    assert.deepEqual(row && [row.locked, row.preview], [true, '']);
    assert.deepEqual(dm.thread(REF).items, []);
    assert.ok(!JSON.stringify(dm.conversations()).includes('pineapple'));
  });

  test('dispose (sign-out) locks the keys and stops X Chat: no request after it, from a tick or a sync', async () => {
    assert.deepEqual(await dm.encryptedChats?.unlock(utf8(PASSCODE)), { status: 'unlocked' });
    assert.ok(session.engine, 'control: unlocked');
    dm.dispose();
    assert.equal(session.engine, undefined);
    assert.equal(session.state.status, 'locked');
    assert.equal(clock.pending(), 0, 'no poll planned');
    const made = await requestsOf(async () => {
      await dm.syncNow('manual');
      await dm.sendTyping(REF);
      await new Promise((r) => setTimeout(r, 50));
    });
    assert.deepEqual(made, []);
  });
});
