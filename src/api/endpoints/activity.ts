import * as v from 'valibot';
import type { HttpCore } from '../http';
import { parseResponse } from '../schemas/common';
import { checkId } from '../validateInput';

/**
 * `POST /2/activity/subscriptions` with the user's own token: X creates subscriptions to private events (`dm.*`)
 * only for a user who authorised the app, so this one call needs user context; everything else of the Activity
 * API takes the app's bearer token and lives in `src/realtime`.
 */
export const ACTIVITY_SUBSCRIBE_ENDPOINT = 'POST /2/activity/subscriptions';

const SubscriptionSchema = v.object({
  subscription_id: v.pipe(v.string(), v.regex(/^[0-9]{1,19}$/)),
  event_type: v.string(),
});

/** 2.167 nests the subscription under `data.subscription`; X's quickstart shows it directly under `data`. */
const CreateResponseSchema = v.object({
  data: v.union([v.object({ subscription: SubscriptionSchema }), SubscriptionSchema]),
});

export interface ActivitySubscription {
  subscriptionId: string;
  eventType: string;
}

export async function createActivitySubscription(http: HttpCore, eventType: string, userId: string, tag: string): Promise<ActivitySubscription> {
  const id = checkId('userId', userId);
  const response = await http.send({
    method: 'POST',
    endpoint: ACTIVITY_SUBSCRIBE_ENDPOINT,
    path: '2/activity/subscriptions',
    json: { event_type: eventType, filter: { user_id: id }, tag },
    expect: 'json',
  });
  const body = parseResponse(CreateResponseSchema, response.json, ACTIVITY_SUBSCRIBE_ENDPOINT);
  const sub = 'subscription' in body.data ? body.data.subscription : body.data;
  return { subscriptionId: sub.subscription_id, eventType: sub.event_type };
}
