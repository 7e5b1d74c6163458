import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDmService } from '../../../src/dm/createDmService';
import type { DmChange } from '../../../src/dm/dmService';
import { NotificationPlanner, incomingBatch, type NotificationPlan } from '../../../src/notify/notificationPlan';
import { FakeClock, FakeDmApi } from '../dm/fakeDmApi';

const me = { id: '100', username: 'me', name: 'Me' };

/** DmService's changes planned exactly as the notifier does it. */
function plansOf(changes: DmChange[], planner: NotificationPlanner, now: number): NotificationPlan['kind'][] {
  return changes.map((change) => planner.plan(incomingBatch(change), { meId: me.id, visibleConversationId: undefined, now }).kind);
}

test('the first sync after sign-in fills the archive without a notification; the next new message notifies', async () => {
  const clock = new FakeClock();
  const api = new FakeDmApi(clock, me);
  api.limit = 1000;
  api.addUser('200', 'alice', 'Alice');
  api.addUser('300', 'bob', 'Bob');
  api.addMessages(40, '200');
  api.addMessages(3, '300');
  const dm = createDmService({ api, me, clock });
  const changes: DmChange[] = [];
  dm.onDidChange((change) => changes.push(change));
  const planner = new NotificationPlanner();

  await dm.syncNow('startup');
  assert.ok(changes.length > 0, 'the first sync announced the new conversations');
  assert.deepEqual(plansOf(changes, planner, clock.now()), changes.map(() => 'none'));

  changes.length = 0;
  api.addMessages(1, '300', { text: () => 'are you there?' });
  await dm.syncNow('manual');
  assert.deepEqual(plansOf(changes, planner, clock.now()), ['single']);
  dm.dispose();
});
