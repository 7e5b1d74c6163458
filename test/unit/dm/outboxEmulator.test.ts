import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDmService } from '../../../src/dm/createDmService';
import type { DmMessage } from '../../../src/dm/model/message';
import { NOT_DELIVERED_REASON, NOT_SEEN_YET_REASON } from '../../../src/dm/outbox';
import { addEmuUser, admin, startWorld } from './emulatorWorld';

// Each way a send can end ambiguously, end to end: the real client (ky + valibot) against the real emulator, which
// rewrites URLs to t.co as X does. The emulator's own `sends` counter is the number of copies X holds.

const THREE_MINUTES = 3 * 60_000;
// "café" typed with a combining accent (NFD): the client sends NFC, so X's copy differs from the typed text.
const TYPED = 'cafe\u0301 notes: https://example.com/docs?a=1&b=2 and (https://example.org/x).';

async function sendingWorld(timeoutMs?: number) {
  const world = await startWorld('empty', { dmReadLimit: 10_000, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  const alice = await addEmuUser(world, 'alice', 'Alice');
  world.clock.advance(1000);
  const dm = createDmService({ api: world.api, me: world.me, clock: world.clock });
  await dm.syncNow('startup');
  const conversationId = [alice, world.me.id].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).join('-');
  const mine = (): DmMessage[] =>
    dm.thread(conversationId).items.filter((i): i is DmMessage => i.type === 'message' && i.fromMe);
  const fault = (spec: Record<string, unknown>) => admin(world, 'POST', '/__admin/faults', { method: 'POST', path: '/2/dm_conversations', count: 1, ...spec });
  return { world, dm, alice, mine, fault };
}

test('delivered, answer lost: "may have been sent", then one sync finds X’s t.co copy — one copy, never "not sent"', async () => {
  const { world, dm, alice, mine, fault } = await sendingWorld();
  try {
    await fault({ drop_response: true });
    const result = await dm.send({ participantId: alice }, TYPED);
    assert.equal(result.status, 'unconfirmed');
    assert.doesNotMatch(result.status === 'unconfirmed' ? result.reason : '', /try again/i);
    assert.equal(mine().at(-1)?.status, 'unconfirmed');
    world.clock.advance(THREE_MINUTES); // past the point where an unmatched message is given up
    await dm.syncNow('poll');
    const shown = mine();
    assert.equal(shown.length, 1);
    assert.equal(shown[0]?.status, 'sent');
    assert.match(shown[0]?.text ?? '', /https:\/\/t\.co\//, 'X’s copy replaced the outbox entry');
    const again = await dm.retry(result.status === 'unconfirmed' ? result.localId : '');
    assert.equal(again.status, 'sent');
    assert.equal(world.stats().sends, 1);
  } finally {
    dm.dispose();
    await world.close();
  }
});

test('a 201 whose body does not fit the schema is sent, not failed: no Retry, one copy', async () => {
  const { world, dm, alice, mine, fault } = await sendingWorld();
  try {
    await fault({ schema_break: true }); // dm_event_id becomes a number
    const broken = await dm.send({ participantId: alice }, TYPED);
    assert.equal(broken.status, 'sent');
    assert.deepEqual(mine().map((m) => m.status), ['sent'], 'shown as sent at once, without a Retry');
    world.clock.advance(THREE_MINUTES); // never given up: X said it has it
    await dm.syncNow('poll');
    assert.deepEqual(mine().map((m) => [m.status, m.localId === undefined]), [['sent', true]], 'X’s copy took its place');
    assert.equal((await dm.retry(mine()[0]?.id ?? '')).status, 'failed', 'nothing left to retry');
    assert.equal(world.stats().sends, 1);
  } finally {
    dm.dispose();
    await world.close();
  }
});

test('slower than the client’s timeout: "may have been sent"; Check finds it once X has it; one copy', async () => {
  const { world, dm, alice, mine, fault } = await sendingWorld(300);
  try {
    await fault({ delay_ms: 800 }); // X stores the message after the client stopped waiting
    const result = await dm.send({ participantId: alice }, TYPED);
    assert.equal(result.status, 'unconfirmed');
    const localId = result.status === 'unconfirmed' ? result.localId : '';
    const early = await dm.check(localId);
    assert.deepEqual(early, { status: 'unconfirmed', localId, reason: NOT_SEEN_YET_REASON });
    await waitUntil(() => world.stats().sends === 1);
    const checked = await dm.check(localId);
    assert.equal(checked.status, 'sent');
    assert.deepEqual(mine().map((m) => m.status), ['sent']);
    assert.equal(world.stats().sends, 1);
  } finally {
    dm.dispose();
    await world.close();
  }
});

test('Check proves a lost send never arrived only after a complete sync two minutes on; then Retry sends it once', async () => {
  const { world, dm, alice, mine, fault } = await sendingWorld();
  try {
    await fault({ reset_connection: true }); // the connection dies before X handles the request
    const result = await dm.send({ participantId: alice }, TYPED);
    const localId = result.status === 'unconfirmed' ? result.localId : '';
    assert.ok(localId);
    assert.equal((await dm.retry(localId)).status, 'unconfirmed', 'Retry of a message that may have been sent only checks');
    assert.equal(world.stats().sends, 0);
    world.clock.advance(THREE_MINUTES);
    const checked = await dm.check(localId);
    assert.deepEqual(checked, { status: 'failed', localId, reason: NOT_DELIVERED_REASON });
    assert.equal((await dm.retry(localId)).status, 'sent');
    assert.deepEqual(mine().map((m) => m.status), ['sent']);
    assert.equal(world.stats().sends, 1);
  } finally {
    dm.dispose();
    await world.close();
  }
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}
