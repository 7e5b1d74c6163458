// Real-time delivery inside a real extension host, with the real client, archive and Activity stream, against the
// X emulator (XDM_EMULATOR_URL). Time is compressed for the session's timers only (backoff, lease ticks); request
// counts come from the emulator's /__admin/stats and /__admin/activity.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createXClient } from '../../../src/api/xClient';
import type { XDmApi } from '../../../src/api/dmApi';
import type { XUser } from '../../../src/api/schemas/user';
import { createDmService } from '../../../src/dm/createDmService';
import type { DmServiceImpl } from '../../../src/dm/dmServiceImpl';
import { ActivityAppApi } from '../../../src/realtime/appApi';
import { RealtimeSession } from '../../../src/realtime/realtimeSession';
import type { StreamProblem } from '../../../src/realtime/streamHolder';
import { StreamLease } from '../../../src/realtime/streamLease';
import { ensureSubscriptions, removeSubscriptions } from '../../../src/realtime/subscriptions';
import { systemClock, type Clock } from '../../../src/util/clock';
import { silentLogger } from '../../../src/util/logger';

const emulator = process.env.XDM_EMULATOR_URL as string;
const APP_BEARER = 'AAAAAAAAAAAAAAAAAAAAAxdmEmulatorAppOnlyBearer0001';

async function admin<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator}${route}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

interface Stats {
  requests: Array<{ method: string; path: string; query: Record<string, string>; status: number }>;
}
const requestsTo = async (p: string): Promise<Stats['requests']> => (await admin<Stats>('GET', '/__admin/stats')).requests.filter((r) => r.path === p);
const activity = (): Promise<{ open_streams: number; connections_opened: number; subscriptions: unknown[] }> => admin('GET', '/__admin/activity');

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Real now plus a skew the test can move; every timer at most 50 ms (backoff and lease ticks without waiting). */
function compressedClock(): Clock & { skew: number } {
  const clock = { skew: 0, now: () => Date.now() + clock.skew, setTimeout: (cb: () => void, ms: number) => systemClock.setTimeout(cb, Math.min(ms, 50)) };
  return clock;
}

suite('real-time delivery (Activity API, emulator)', () => {
  let api: XDmApi;
  let me: XUser;
  let alice: string;
  let dir: string;
  const app = (): ActivityAppApi => new ActivityAppApi({ baseUrl: emulator, bearer: APP_BEARER, userAgent: 'xdm-test' });
  const open: Array<{ dm: DmServiceImpl; session: RealtimeSession }> = [];

  function window(clock: Clock, problems: StreamProblem[] = [], bearer = APP_BEARER): { dm: DmServiceImpl; session: RealtimeSession } {
    const dm = createDmService({ api, me, storageDir: dir, watchIntervalMs: 100 });
    const session = new RealtimeSession({
      dm,
      app: new ActivityAppApi({ baseUrl: emulator, bearer, userAgent: 'xdm-test' }),
      lease: new StreamLease(dir, () => clock.now()),
      clock,
      logger: silentLogger,
      onProblem: (p) => problems.push(p),
    });
    open.push({ dm, session });
    return { dm, session };
  }

  const hasText = (dm: DmServiceImpl, text: string): boolean =>
    dm.conversations().some((c) => dm.thread(c.id).items.some((i) => i.type === 'message' && i.text === text));

  suiteSetup(async function () {
    if (!emulator) this.skip();
    await admin('POST', '/__admin/reset', { preset: 'empty' });
    await admin('DELETE', '/__admin/activity/subscriptions');
    await admin('POST', '/__admin/activity/disconnect', {});
    const users = await admin<Array<{ id: string; username: string; name: string; me: boolean }>>('GET', '/__admin/users');
    const self = users.find((u) => u.me) as { id: string; username: string; name: string };
    me = { id: self.id, username: self.username, name: self.name };
    alice = (await admin<{ id: string }>('POST', '/__admin/users', { username: 'alice_rt', name: 'Alice' })).id;
    const token = await admin<{ access_token: string }>('POST', '/__admin/tokens', {});
    api = createXClient({ baseUrl: emulator, auth: { authorize: async () => ({ Authorization: `Bearer ${token.access_token}` }), refreshAfterUnauthorized: async () => false } });
  });

  setup(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'xdm-int-rt-'));
    await admin('DELETE', '/__admin/stats');
  });

  teardown(async () => {
    for (const w of open.splice(0)) {
      await w.session.dispose();
      w.dm.dispose();
      await w.dm.whenClosed();
    }
    await admin('POST', '/__admin/activity/disconnect', {});
    await admin('DELETE', '/__admin/faults');
    rmSync(dir, { recursive: true, force: true });
  });

  suiteTeardown(async () => {
    if (!emulator) return;
    await admin('DELETE', '/__admin/activity/subscriptions');
    await admin('POST', '/__admin/reset', { preset: 'demo' });
  });

  test('subscribes dm.received and dm.sent once for the signed-in user, and deletes exactly those', async () => {
    const first = await ensureSubscriptions(api, app(), me.id);
    const again = await ensureSubscriptions(api, app(), me.id);
    assert.equal(first.length, 2);
    assert.deepEqual(again.sort(), first.sort(), 'a second start creates nothing');
    const subs = (await activity()).subscriptions as Array<{ event_type: string; filter: { user_id: string } }>;
    assert.deepEqual(subs.map((s) => `${s.event_type} ${s.filter.user_id}`).sort(), [`dm.received ${me.id}`, `dm.sent ${me.id}`]);
    assert.equal(await removeSubscriptions(app(), first), 2);
    assert.equal((await activity()).subscriptions.length, 0);
    await ensureSubscriptions(api, app(), me.id);
  });

  test('receive: a message pushed by the stream is in the archive with no /2/dm_events request', async function () {
    this.timeout(30_000);
    await ensureSubscriptions(api, app(), me.id);
    const { dm, session } = window(compressedClock());
    await dm.syncNow('startup');
    session.start();
    await until('the stream to open', async () => (await activity()).open_streams === 1);
    await until('real-time mode', () => dm.deliveryMode().realTime);
    await admin('DELETE', '/__admin/stats');
    await admin('POST', '/__admin/messages', { from_user_id: alice, text: 'pushed hello' });
    await until('the pushed message', () => hasText(dm, 'pushed hello'));
    assert.equal((await requestsTo('/2/dm_events')).length, 0);
    assert.ok(dm.nextPollDelayMs() >= 15 * 60_000, 'polling is only a safety net while the stream is healthy');
  });

  test('reconnect with backfill: a message sent while the stream was down arrives when it reconnects', async function () {
    this.timeout(30_000);
    await ensureSubscriptions(api, app(), me.id);
    const { dm, session } = window(compressedClock());
    await dm.syncNow('startup');
    session.start();
    await until('the stream to open', async () => (await activity()).open_streams === 1);
    // The reconnect is held at X for a second: the message happens while no stream is open.
    await admin('POST', '/__admin/faults', { path: '/2/activity/stream', count: 1, delay_ms: 1000 });
    await admin('DELETE', '/__admin/stats');
    await admin('POST', '/__admin/activity/disconnect', {});
    await until('the reconnect to be on its way', async () => (await activity()).open_streams === 0);
    await admin('POST', '/__admin/messages', { from_user_id: alice, text: 'while down' });
    await until('the backfilled message', () => hasText(dm, 'while down'));
    const streams = await requestsTo('/2/activity/stream');
    assert.equal(streams[0]?.query.backfill_minutes, '1', 'the reconnect asked X to replay the last minute');
    assert.equal((await requestsTo('/2/dm_events')).length, 0);
  });

  test('fallback: a stream that stays down hands delivery back to polling at the configured interval', async function () {
    this.timeout(30_000);
    await ensureSubscriptions(api, app(), me.id);
    const clock = compressedClock();
    const { dm, session } = window(clock);
    await dm.syncNow('startup');
    session.start();
    await until('real-time mode', () => dm.deliveryMode().realTime);
    await admin('POST', '/__admin/faults', { path: '/2/activity/stream', count: 1000, status: 503 });
    await admin('POST', '/__admin/activity/disconnect', {});
    await until('the stream to be down', async () => (await requestsTo('/2/activity/stream')).some((r) => r.status === 503));
    assert.equal(dm.deliveryMode().realTime, true, 'a short drop keeps the safety-net interval');
    clock.skew += 61_000;
    await until('polling to resume', () => !dm.deliveryMode().realTime);
    assert.ok(dm.nextPollDelayMs() < 15 * 60_000, 'the next poll is planned at the configured pace again');
  });

  test('two windows on one archive: one stream connection, the other follows through the archive', async function () {
    this.timeout(30_000);
    await ensureSubscriptions(api, app(), me.id);
    const clock = compressedClock();
    const a = window(clock);
    const b = window(clock);
    await Promise.all([a.dm.syncNow('startup'), b.dm.syncNow('startup')]);
    const before = (await activity()).connections_opened;
    a.session.start();
    b.session.start();
    await until('both windows in real-time mode', () => a.dm.deliveryMode().realTime && b.dm.deliveryMode().realTime);
    assert.equal((await activity()).open_streams, 1);
    assert.equal([a.session, b.session].filter((s) => s.isHolder).length, 1);
    await admin('POST', '/__admin/messages', { from_user_id: alice, text: 'for both' });
    await until('both windows to show it', () => hasText(a.dm, 'for both') && hasText(b.dm, 'for both'));
    assert.equal((await activity()).connections_opened - before, 1);
  });

  test('a refused bearer token stops the stream and says so once; polling stays as configured', async function () {
    this.timeout(30_000);
    const problems: StreamProblem[] = [];
    const { dm, session } = window(compressedClock(), problems, 'AAAAAAAAAAAAAAAAAAAAAnotTheRightBearer000');
    session.start();
    await until('the refusal', () => problems.length > 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(problems.map((p) => p.kind), ['unauthorized']);
    assert.equal((await requestsTo('/2/activity/stream')).filter((r) => r.status === 401).length, 1, 'no retry with a token X refused');
    assert.equal(dm.deliveryMode().realTime, false);
  });
});
