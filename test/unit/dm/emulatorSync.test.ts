import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDmService } from '../../../src/dm/createDmService';
import { addEmuUser, admin, seedIncoming, startWorld } from './emulatorWorld';

// The same algorithm as probe.test.ts, but through the real client (ky + valibot) against the real emulator,
// with the emulator's own counters: requests it served and DM events it billed (once per event per UTC day).

async function syncedWorld(existing = 300, options: { dmReadLimit?: number; timeoutMs?: number } = {}) {
  const world = await startWorld('empty', { dmReadLimit: options.dmReadLimit ?? 10_000, ...options });
  const alice = await addEmuUser(world, 'alice', 'Alice');
  const bob = await addEmuUser(world, 'bob', 'Bob');
  seedIncoming(world, alice, existing);
  world.clock.advance(1000);
  const dm = createDmService({ api: world.api, me: world.me, clock: world.clock });
  const first = await dm.syncNow('startup');
  world.clearStats();
  return { world, dm, alice, bob, first };
}

test('emulator: first sync pages by 100; idle costs 1 request and 1 billed read', async () => {
  const { world, dm, first } = await syncedWorld(300);
  try {
    assert.deepEqual([first.requests, first.eventsRead, first.newEvents], [3, 300, 300]); // 3 full pages, no next_token on the last
    const idle = await dm.syncNow('poll');
    assert.deepEqual(world.stats(), { requests: 1, dmListRequests: 1, billed: 1, returned: 1, sends: 0 });
    assert.equal(idle.newEvents, 0);
  } finally {
    dm.dispose();
    await world.close();
  }
});

for (const [n, requests, returned] of [
  [1, 2, 3],
  [99, 3, 103],
  [100, 3, 103],
  [101, 3, 103],
] as const) {
  test(`emulator: ${n} new → ${requests} requests, ${returned} events returned`, async () => {
    const { world, dm, bob } = await syncedWorld(300);
    try {
      seedIncoming(world, bob, n);
      world.clock.advance(1000);
      const outcome = await dm.syncNow('manual');
      assert.equal(outcome.newEvents, n);
      const stats = world.stats();
      assert.equal(stats.dmListRequests, requests);
      assert.equal(stats.returned, returned);
      assert.equal(stats.billed, returned); // stats were cleared: every returned event is billed once today
    } finally {
      dm.dispose();
      await world.close();
    }
  });
}

test('emulator: a gap longer than 30 days is caught up with full pages and flagged', async () => {
  const { world, dm, bob } = await syncedWorld(120);
  try {
    world.clock.advance(31 * 24 * 60 * 60 * 1000);
    seedIncoming(world, bob, 150);
    const outcome = await dm.syncNow('manual');
    assert.equal(outcome.gapBeyondWindow, true);
    assert.equal(outcome.newEvents, 150);
    const stats = world.stats();
    assert.equal(stats.dmListRequests, 2);
    assert.equal(stats.returned, 150);
  } finally {
    dm.dispose();
    await world.close();
  }
});

test('emulator: the 15-request budget is never exceeded; a refused refresh names the reset time', async () => {
  const { world, dm } = await syncedWorld(50, { dmReadLimit: 4 });
  try {
    // startup used 1 (one page); 3 left.
    for (let i = 0; i < 3; i++) assert.equal((await dm.syncNow('manual')).requests, 1);
    const refused = await dm.syncNow('manual');
    assert.equal(refused.skipped, 'rateLimited');
    assert.ok((refused.retryAt ?? 0) > world.clock.now());
    const statuses = world.emu.ctx.stats.requests.map((r) => r.status);
    assert.deepEqual(statuses, [200, 200, 200], 'no 429 was provoked');
  } finally {
    dm.dispose();
    await world.close();
  }
});

test('emulator: a send that times out but arrived is reconciled by the next sync, not sent twice', async () => {
  const { world, dm, alice } = await syncedWorld(10, { timeoutMs: 300 });
  try {
    await admin(world, 'POST', '/__admin/faults', { method: 'POST', path: '/2/dm_conversations', count: 1, delay_ms: 600 });
    const result = await dm.send({ participantId: alice }, 'timing out but delivered');
    assert.equal(result.status, 'unconfirmed');
    await new Promise((r) => setTimeout(r, 700)); // the emulator finishes the delayed send
    await dm.syncNow('manual');
    const conversationId = dm.conversations()[0]?.id ?? '';
    const mine = dm.thread(conversationId).items.filter((i) => i.type === 'message' && i.text === 'timing out but delivered');
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.type === 'message' && mine[0].status, 'sent');
    assert.equal(world.stats().sends, 1);
  } finally {
    dm.dispose();
    await world.close();
  }
});

test('emulator: load older reaches history past 30 days through the conversation endpoint', async () => {
  const world = await startWorld('demo');
  const dm = createDmService({ api: world.api, me: world.me, clock: world.clock });
  try {
    await dm.syncNow('startup');
    const ada = dm.conversations().find((c) => c.title === 'Ada Lovelace');
    assert.ok(ada);
    const before = dm.thread(ada.id, { limit: 500 }).items.length;
    world.clearStats();
    const older = await dm.loadOlder(ada.id);
    assert.ok(older.added >= 2, `added ${older.added}`);
    assert.equal(older.exhausted, true);
    assert.equal(dm.thread(ada.id, { limit: 500 }).items.length, before + older.added);
    assert.equal(dm.thread(ada.id).mayHaveOlderAtX, false);
    assert.equal(world.stats().requests, 1);
    const again = await dm.loadOlder(ada.id);
    assert.deepEqual(again, { added: 0, exhausted: true });
    assert.equal(world.stats().requests, 1, 'an exhausted conversation costs nothing');
  } finally {
    dm.dispose();
    await world.close();
  }
});
