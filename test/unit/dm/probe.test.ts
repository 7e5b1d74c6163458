import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDmService } from '../../../src/dm/createDmService';
import type { DmChange } from '../../../src/dm/dmService';
import { DAY, FakeClock, FakeDmApi } from './fakeDmApi';

const me = { id: '100', username: 'me', name: 'Me' };

async function syncedWorld(existing = 300, limit = 100_000) {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = limit;
  api.addUser('200', 'alice', 'Alice');
  api.addUser('300', 'bob', 'Bob');
  api.addMessages(existing, '200', { spacingMs: 60_000 });
  const dm = createDmService({ api, me, clock });
  const changes: DmChange[] = [];
  dm.onDidChange((c) => changes.push(c));
  await dm.ready();
  await dm.syncNow('manual');
  api.resetStats();
  changes.length = 0;
  return { clock, api, dm, changes };
}

async function costOf(newCount: number) {
  const world = await syncedWorld();
  world.clock.t += 60_000;
  world.api.addMessages(newCount, '300', { spacingMs: 10 });
  const outcome = await world.dm.syncNow('manual');
  world.dm.dispose();
  return { outcome, stats: world.api.stats, world };
}

test('nothing new costs 1 request and 1 event read', async () => {
  const { outcome, stats } = await costOf(0);
  assert.equal(stats.requests, 1);
  assert.equal(stats.eventsRead, 1);
  assert.equal(outcome.newEvents, 0);
});

// Expected figures for the 1 → 2 → 100 widening: one new event costs 2 requests and 3 reads, up to 102 new cost 3
// requests; beyond that we stay within N + 100 reads (the overlap of the last page) and ⌈N/100⌉ + 2 requests.
const expected: [number, number, number][] = [
  // [new, requests, reads]
  [1, 2, 3],
  [2, 2, 3],
  [3, 3, 103],
  [10, 3, 103],
  [99, 3, 103],
  [100, 3, 103],
  [102, 3, 103],
  [103, 4, 203],
  [111, 4, 203],
  [5000, 52, 5003],
];
for (const [n, requests, reads] of expected) {
  test(`${n} new: ${requests} requests, ${reads} events read`, async () => {
    const { outcome, stats } = await costOf(n);
    assert.equal(outcome.newEvents, n);
    assert.equal(stats.requests, requests);
    assert.equal(stats.eventsRead, reads);
    assert.ok(stats.requests <= Math.ceil(n / 100) + 2);
    assert.ok(stats.eventsRead <= n + 100);
  });
}

test('new messages reach listeners as incoming; own sends do not widen the probe', async () => {
  const { api, dm, changes, clock } = await syncedWorld();
  clock.t += 1000;
  api.addMessages(3, '300');
  await dm.syncNow('poll');
  const last = changes.at(-1);
  assert.equal(last?.incoming.length, 3);
  assert.notEqual(last?.backfill, true);
  const sent = await dm.send({ participantId: '300' }, 'thanks');
  assert.equal(sent.status, 'sent');
  api.resetStats();
  await dm.syncNow('manual');
  // The probe meets our own (already archived) message, keeps size 1, then meets the watermark.
  assert.deepEqual([api.stats.requests, api.stats.eventsRead], [2, 2]);
  dm.dispose();
});

test('first sync of an empty archive reports a backfill count, not a storm of incoming messages', async () => {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 1000;
  api.addUser('200', 'alice');
  api.addMessages(250, '200');
  const dm = createDmService({ api, me, clock });
  const changes: DmChange[] = [];
  dm.onDidChange((c) => changes.push(c));
  const outcome = await dm.syncNow('startup');
  assert.equal(outcome.requests, 3); // pages of 100 straight away
  assert.equal(outcome.eventsRead, 250);
  // Full pages update the list as they arrive (no notification); one summary at the end.
  assert.equal(changes.length, 3);
  assert.ok(changes.every((c) => c.incoming.length === 0));
  assert.deepEqual(changes.map((c) => c.backfill === true), [false, false, true]);
  assert.equal(changes[2]?.backfillCount, 250);
  dm.dispose();
});

test('first sync stops at the budget and resumes from the saved cursor without re-reading', async () => {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 15;
  api.addUser('200', 'alice');
  api.addMessages(2500, '200', { spacingMs: 60_000 });
  const dm = createDmService({ api, me, clock });
  const first = await dm.syncNow('startup');
  assert.equal(first.requests, 15);
  assert.equal(first.eventsRead, 1500);
  const refused = await dm.syncNow('manual');
  assert.equal(refused.skipped, 'rateLimited');
  assert.equal(refused.requests, 0);
  assert.ok((refused.retryAt ?? 0) > clock.now());
  assert.equal(dm.syncState.phase, 'rateLimited');
  assert.equal(api.stats.requests, 15); // the refused refresh asked nothing of X
  clock.t += 15 * 60_000 + 1000;
  api.addMessages(5, '200'); // arrived meanwhile
  api.resetStats();
  const second = await dm.syncNow('manual');
  // 10 pages finish the interrupted walk, then the probe of the top (1, 2, 100): the 5 new ones and the old top.
  assert.equal(api.stats.requests, 13);
  assert.equal(api.stats.eventsRead, 1000 + 1 + 2 + 100);
  assert.equal(second.newEvents, 1005);
  assert.equal(dm.conversations()[0]?.preview, 'message 4');
  assert.equal(dm.thread('100-200', { limit: 10_000 }).items.length, 2505);
  dm.dispose();
});

test('a gap longer than the 30-day window: full pages, flagged, no endless walk', async () => {
  const { api, dm, clock, changes } = await syncedWorld(300);
  clock.t += 40 * DAY;
  api.addMessages(150, '300', { spacingMs: 60_000 });
  const outcome = await dm.syncNow('manual');
  // The old watermark is outside X's list now: the walk goes straight to pages of 100 and ends at the window.
  assert.equal(api.stats.requests, 2);
  assert.equal(api.stats.eventsRead, 150);
  assert.equal(outcome.newEvents, 150);
  assert.equal(outcome.gapBeyondWindow, true);
  assert.equal(changes.at(-1)?.backfill, true);
  api.resetStats();
  const idle = await dm.syncNow('manual');
  assert.deepEqual([idle.requests, idle.eventsRead, api.stats.eventsRead], [1, 1, 1]);
  dm.dispose();
});

test('a manual refresh with budget left is honoured; polls keep one request back', async () => {
  const { api, dm } = await syncedWorld(50, 3);
  // 1 request was spent by the initial sync; 2 remain.
  const poll = await dm.syncNow('poll');
  assert.equal(poll.requests, 1); // remaining 2 > reserve 1
  const poll2 = await dm.syncNow('poll');
  assert.equal(poll2.skipped, 'rateLimited'); // last request kept for the person
  const manual = await dm.syncNow('manual');
  assert.equal(manual.requests, 1);
  const manual2 = await dm.syncNow('manual');
  assert.equal(manual2.skipped, 'rateLimited');
  assert.ok(manual2.retryAt !== undefined);
  assert.equal(api.stats.byEndpoint['429 GET /2/dm_events'], undefined); // never asked beyond the budget
  dm.dispose();
});
