// A signed-out account's subscriptions keep delivering (and billing) its DMs to the app's stream: the controller
// deletes exactly those, and never takes startup (the list being learned) for a sign-out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignedOutUsers } from '../../../src/realtime/signedOutUsers';
import { SUBSCRIPTION_TAG, removeSubscriptionsFor } from '../../../src/realtime/subscriptions';

test('the first look learns the list; later looks name the users that left it', () => {
  const tracker = new SignedOutUsers();
  assert.deepEqual(tracker.next([]), [], 'nothing is known before the sessions are read');
  assert.deepEqual(tracker.next(['1', '2']), [], 'signing in is not a sign-out');
  assert.deepEqual(tracker.next(['2']), ['1']);
  assert.deepEqual(tracker.next(['2']), [], 'told once');
  assert.deepEqual(tracker.next([]), ['2']);
});

test("only our subscriptions of the signed-out users are deleted, plus the ids remembered for them", async () => {
  const listed = [
    { subscription_id: 'a1', tag: SUBSCRIPTION_TAG, filter: { user_id: '1' }, event_type: 'dm.received' },
    { subscription_id: 'a2', tag: SUBSCRIPTION_TAG, filter: { user_id: '1' }, event_type: 'dm.sent' },
    { subscription_id: 'b1', tag: SUBSCRIPTION_TAG, filter: { user_id: '2' }, event_type: 'dm.received' },
    { subscription_id: 'theirs', tag: 'another-tool', filter: { user_id: '1' }, event_type: 'dm.received' },
  ];
  const deleted: string[] = [];
  const app = {
    listSubscriptions: async () => listed,
    deleteSubscription: async (id: string) => {
      deleted.push(id);
    },
  };
  const count = await removeSubscriptionsFor(app, ['1'], ['a1', 'old-1']);
  assert.deepEqual(deleted.sort(), ['a1', 'a2', 'old-1']);
  assert.equal(count, 3);
});
