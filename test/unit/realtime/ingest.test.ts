import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDmService } from '../../../src/dm/createDmService';
import type { DmChange } from '../../../src/dm/dmService';
import { FakeClock, FakeDmApi } from '../dm/fakeDmApi';

const me = { id: '100', username: 'me', name: 'Me' };

async function world() {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 1000;
  api.addUser('200', 'alice', 'Alice');
  api.addMessages(3, '200');
  const dm = createDmService({ api, me, clock, pollIntervalSeconds: 60 });
  await dm.ready();
  await dm.syncNow('startup');
  return { clock, api, dm };
}

test('a pushed event is stored once however often it arrives, and a later poll returning it adds nothing', async () => {
  const { api, dm } = await world();
  const [event] = api.addMessages(1, '200', { text: () => 'pushed' });
  assert.ok(event);
  const page = { events: [event], includes: { users: [], tweets: [], media: [] }, resultCount: 1, partialErrors: [] };
  const changes: DmChange[] = [];
  dm.onDidChange((c) => changes.push(c));
  assert.deepEqual(dm.ingestPushed(page), [event.id]);
  assert.deepEqual(dm.ingestPushed(page), [], 'the same event pushed twice (backfill after a reconnect) is not stored again');
  assert.equal(changes.length, 1, 'announced once');
  assert.deepEqual(changes[0]?.incoming.map((e) => e.id), [event.id], 'notified like a polled message by someone else');
  const outcome = await dm.syncNow('manual');
  assert.equal(outcome.newEvents, 0, 'the poll sees the pushed event as known');
  const texts = dm.thread('100-200').items.filter((i) => i.type === 'message' && i.text === 'pushed');
  assert.equal(texts.length, 1);
  dm.dispose();
});

test('the poll interval override slows polling to the safety net and is reported as real time; clearing it restores the setting', async () => {
  const { dm } = await world();
  let fired = 0;
  dm.onDidChangeDelivery(() => fired++);
  assert.deepEqual(dm.deliveryMode(), { realTime: false, everySeconds: 60 });
  const before = dm.nextPollDelayMs();
  dm.setPollIntervalOverride(15 * 60_000);
  assert.ok(dm.nextPollDelayMs() >= 15 * 60_000, `next poll in ${dm.nextPollDelayMs()} ms`);
  assert.deepEqual(dm.deliveryMode(), { realTime: true, everySeconds: 60 });
  dm.setPollIntervalOverride(15 * 60_000);
  assert.equal(fired, 1, 'setting the same override again announces nothing');
  dm.setPollIntervalOverride(undefined);
  assert.equal(dm.nextPollDelayMs(), before);
  assert.equal(fired, 2);
  dm.dispose();
});
