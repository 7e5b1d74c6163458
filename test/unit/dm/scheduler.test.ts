import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkError } from '../../../src/api/errors';
import { createDmService } from '../../../src/dm/createDmService';
import { nextPollDelay, OFFLINE_RECHECK_MS } from '../../../src/dm/sync/scheduler';
import { pacedDelay } from '../../../src/dm/sync/budget';
import { FakeClock, FakeDmApi } from './fakeDmApi';

const me = { id: '100', username: 'me', name: 'Me' };
const base = { intervalMs: 60_000, focused: true, notificationsWanted: true, online: true, failures: 0, now: 0 };

test('poll policy: interval, unfocused, offline, backoff, rate limit', () => {
  assert.equal(nextPollDelay(base), 60_000);
  assert.equal(nextPollDelay({ ...base, intervalMs: 5_000 }), 15_000, 'never below 15 s');
  assert.equal(nextPollDelay({ ...base, focused: false }), 60_000, 'unfocused but notifications wanted');
  assert.equal(nextPollDelay({ ...base, focused: false, notificationsWanted: false }), 300_000);
  assert.equal(nextPollDelay({ ...base, online: false }), OFFLINE_RECHECK_MS);
  assert.equal(nextPollDelay({ ...base, failures: 3 }), 120_000);
  assert.equal(nextPollDelay({ ...base, failures: 20 }), 15 * 60_000);
  assert.equal(nextPollDelay({ ...base, rateLimitedUntil: 600_000 }), 601_000);
  assert.equal(nextPollDelay({ ...base, pacedMs: 150_000 }), 150_000);
});

test('pacing: never faster than the budget left allows', () => {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  const now = clock.now();
  api.rateLimits.set({ endpoint: 'GET /2/dm_events', limit: 15, remaining: 5, resetAt: now + 600_000 });
  // 5 left, one kept back for a manual refresh: 600 s / 4.
  assert.equal(pacedDelay(api.rateLimits, 'GET /2/dm_events', now, 15_000), 150_000);
  assert.equal(pacedDelay(api.rateLimits, 'GET /2/dm_events', now, 200_000), 200_000);
  api.rateLimits.set({ endpoint: 'GET /2/dm_events', limit: 15, remaining: 1, resetAt: now + 600_000 });
  assert.equal(pacedDelay(api.rateLimits, 'GET /2/dm_events', now, 60_000), 601_000);
  api.rateLimits.set({ endpoint: 'GET /2/dm_events', limit: 15, remaining: 0, resetAt: now - 1 });
  assert.equal(pacedDelay(api.rateLimits, 'GET /2/dm_events', now, 60_000), 60_000, 'window already rolled over');
});

function world(options: { focused?: () => boolean; notifications?: () => boolean; online?: () => boolean } = {}) {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 10_000;
  api.addUser('200', 'alice');
  api.addMessages(20, '200');
  const dm = createDmService({
    api,
    me,
    clock,
    pollIntervalSeconds: 60,
    ...(options.focused ? { isWindowFocused: options.focused } : {}),
    ...(options.notifications ? { notificationsWanted: options.notifications } : {}),
    ...(options.online ? { isOnline: options.online } : {}),
  });
  return { clock, api, dm };
}

test('polling starts only with the startup sync, runs at the interval, and stops on dispose', async () => {
  const { clock, api, dm } = world();
  await dm.ready();
  await clock.advance(10 * 60_000);
  assert.equal(api.stats.requests, 0, 'no polling before syncNow(startup)');
  await dm.syncNow('startup');
  api.resetStats();
  await clock.advance(60_000);
  assert.equal(api.stats.requests, 1);
  await clock.advance(5 * 60_000);
  assert.equal(api.stats.requests, 6);
  dm.configure({ pollIntervalSeconds: 120 });
  api.resetStats();
  await clock.advance(4 * 60_000);
  assert.equal(api.stats.requests, 2);
  dm.dispose();
  api.resetStats();
  await clock.advance(60 * 60_000);
  assert.equal(api.stats.requests, 0);
});

test('unfocused with notifications off polls five times slower', async () => {
  let focused = true;
  const { clock, api, dm } = world({ focused: () => focused, notifications: () => false });
  await dm.syncNow('startup');
  focused = false;
  dm.configure({});
  api.resetStats();
  await clock.advance(15 * 60_000);
  assert.equal(api.stats.requests, 3); // every 5 minutes
  dm.dispose();
});

test('offline: no requests, a cheap re-check, and polling resumes when back', async () => {
  let online = true;
  const { clock, api, dm } = world({ online: () => online });
  await dm.syncNow('startup');
  online = false;
  api.resetStats();
  await clock.advance(10 * 60_000);
  assert.equal(api.stats.requests, 0);
  assert.equal(dm.syncState.phase, 'offline');
  const manual = await dm.syncNow('manual');
  assert.equal(manual.skipped, 'offline');
  online = true;
  await clock.advance(OFFLINE_RECHECK_MS);
  assert.ok(api.stats.requests >= 1);
  assert.equal(dm.syncState.phase, 'idle');
  dm.dispose();
});

test('network failures back off exponentially and recover', async () => {
  const { clock, api, dm } = world();
  await dm.syncNow('startup');
  const real = api.listDmEvents.bind(api);
  let failing = true;
  let attempts = 0;
  api.listDmEvents = async (params) => {
    attempts += 1;
    if (failing) throw new NetworkError('connection refused', { mayHaveReachedServer: false });
    return real(params);
  };
  const first = await dm.syncNow('manual');
  assert.equal(first.skipped, 'offline');
  assert.equal(dm.syncState.phase, 'offline');
  const delays: number[] = [dm.nextPollDelayMs()];
  for (let i = 0; i < 4; i++) {
    await dm.syncNow('manual');
    delays.push(dm.nextPollDelayMs());
  }
  assert.deepEqual(delays, [60_000, 60_000, 120_000, 240_000, 480_000]);
  failing = false;
  await clock.advance(480_000);
  assert.equal(dm.syncState.phase, 'idle');
  assert.equal(dm.nextPollDelayMs(), 60_000);
  assert.ok(attempts >= 6);
  dm.dispose();
});

test('rate limited: polls wait for the reset; a manual refresh says when it will be possible', async () => {
  const { clock, api, dm } = world();
  api.limit = 3;
  await dm.syncNow('startup'); // 1 used
  await dm.syncNow('manual'); // 2 used, 1 left (kept back from polls)
  api.resetStats();
  const resetIn = (api.rateLimits.get('GET /2/dm_events')?.resetAt ?? 0) - clock.now();
  assert.ok(dm.nextPollDelayMs() >= resetIn);
  await clock.advance(resetIn - 1000);
  assert.equal(api.stats.requests, 0, 'no poll before the reset');
  await dm.syncNow('manual'); // the last one
  const refused = await dm.syncNow('manual');
  assert.equal(refused.skipped, 'rateLimited');
  assert.equal(refused.retryAt, api.rateLimits.get('GET /2/dm_events')?.resetAt);
  assert.equal(dm.syncState.phase, 'rateLimited');
  await clock.advance(5000);
  await clock.advance(60_000);
  assert.ok(api.stats.requests >= 2, 'polling resumed after the reset');
  dm.dispose();
});

test('re-planning (focus or settings changes) never postpones the next poll', async () => {
  const { clock, api, dm } = world();
  await dm.syncNow('startup');
  api.resetStats();
  for (let i = 0; i < 6; i++) {
    await clock.advance(20_000);
    dm.configure({}); // e.g. the window gained or lost focus every 20 s
  }
  assert.equal(api.stats.requests, 2, 'polled at 60 s and 120 s despite six re-plans');
  dm.dispose();
});

test('gaining focus brings a slow unfocused poll forward', async () => {
  let focused = false;
  const { clock, api, dm } = world({ focused: () => focused, notifications: () => false });
  await dm.syncNow('startup');
  api.resetStats();
  await clock.advance(90_000);
  assert.equal(api.stats.requests, 0, 'unfocused: next poll at 300 s');
  focused = true;
  dm.configure({});
  await clock.advance(1);
  assert.equal(api.stats.requests, 1, 'focused: 60 s have passed, poll now');
  dm.dispose();
});
