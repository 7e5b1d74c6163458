import type { XDmApi } from '../api/dmApi';
import type { ActivityAppApi } from './appApi';

/**
 * The subscriptions real-time delivery needs for one user: `dm.received` and `dm.sent`, tagged so that the ones
 * this extension created are told apart from anything else the user's app subscribes to (only ours are deleted).
 * X Chat's `chat.*` events are left out until the extension reads X Chat at all.
 */
export const SUBSCRIPTION_TAG = 'x-direct-messages';
export const DM_EVENT_TYPES = ['dm.received', 'dm.sent'] as const;

/** Ids of our subscriptions for `userId`, creating the missing ones (listing with the app bearer, creating as the user). */
export async function ensureSubscriptions(api: XDmApi, app: ActivityAppApi, userId: string): Promise<string[]> {
  const ours = async (): Promise<Map<string, string>> => {
    const found = new Map<string, string>();
    for (const s of await app.listSubscriptions()) {
      if (s.tag === SUBSCRIPTION_TAG && s.filter?.user_id === userId && s.event_type) found.set(s.event_type, s.subscription_id);
    }
    return found;
  };
  const existing = await ours();
  for (const type of DM_EVENT_TYPES) {
    if (existing.has(type)) continue;
    const created = await api.createActivitySubscription(type, userId, SUBSCRIPTION_TAG);
    existing.set(type, created.subscriptionId);
  }
  return [...existing.values()];
}

/** Deletes the subscriptions this extension created: those listed with our tag, plus the ids remembered at creation. */
export async function removeSubscriptions(app: ActivityAppApi, remembered: readonly string[]): Promise<number> {
  const ids = new Set(remembered);
  for (const s of await app.listSubscriptions()) {
    if (s.tag === SUBSCRIPTION_TAG) ids.add(s.subscription_id);
  }
  for (const id of ids) await app.deleteSubscription(id);
  return ids.size;
}

/** Deletes ours for these users only (they signed out): listed with our tag and their id, plus the ids remembered. */
export async function removeSubscriptionsFor(
  app: Pick<ActivityAppApi, 'listSubscriptions' | 'deleteSubscription'>,
  userIds: readonly string[],
  remembered: readonly string[],
): Promise<number> {
  const users = new Set(userIds);
  const ids = new Set(remembered);
  for (const s of await app.listSubscriptions()) {
    if (s.tag === SUBSCRIPTION_TAG && s.filter?.user_id !== undefined && users.has(s.filter.user_id)) ids.add(s.subscription_id);
  }
  for (const id of ids) await app.deleteSubscription(id);
  return ids.size;
}
