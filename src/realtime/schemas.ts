import * as v from 'valibot';

/**
 * What X's Activity stream sends, validated before anything reaches the archive. One line is an envelope
 * `{data:{event_type, event_uuid, filter, tag?, payload}}` or `{errors:[…]}`; legacy `dm.*` payloads are the old
 * v1.1 `direct_message_events` list plus a `users` map (x-api/activity/event-payloads.mdx). Unknown members are
 * ignored (X adds fields), so only what the mapping reads is required.
 */

const Id = v.pipe(v.string(), v.regex(/^[0-9]{1,19}$/));
const EpochMs = v.pipe(v.string(), v.regex(/^[0-9]{1,16}$/));

export const StreamLineSchema = v.object({
  data: v.optional(
    v.object({
      event_type: v.string(),
      event_uuid: v.optional(v.string()),
      filter: v.optional(v.object({ user_id: v.optional(v.string()) })),
      payload: v.optional(v.unknown()),
    }),
  ),
  errors: v.optional(v.array(v.object({ title: v.optional(v.string()), detail: v.optional(v.string()), type: v.optional(v.string()) }))),
});
export type StreamLine = v.InferOutput<typeof StreamLineSchema>;

const LegacyUrlSchema = v.object({
  url: v.string(),
  expanded_url: v.optional(v.string()),
  display_url: v.optional(v.string()),
  indices: v.tuple([v.number(), v.number()]),
});

export const LegacyDmEventSchema = v.object({
  type: v.string(),
  id: Id,
  created_timestamp: EpochMs,
  message_create: v.object({
    target: v.object({ recipient_id: Id }),
    sender_id: Id,
    message_data: v.object({
      text: v.string(),
      entities: v.optional(v.object({ urls: v.optional(v.array(LegacyUrlSchema)) })),
      attachment: v.optional(v.unknown()),
    }),
  }),
});
export type LegacyDmEvent = v.InferOutput<typeof LegacyDmEventSchema>;

const LegacyUserSchema = v.object({
  data: v.object({
    id: Id,
    username: v.string(),
    name: v.string(),
    profile_image_url: v.optional(v.string()),
    protected: v.optional(v.boolean()),
    verified: v.optional(v.boolean()),
  }),
});

export const LegacyDmPayloadSchema = v.object({
  direct_message_events: v.array(v.unknown()),
  users: v.optional(v.record(v.string(), v.unknown())),
});

export { LegacyUserSchema };

/** `GET /2/activity/subscriptions` (app bearer). */
export const SubscriptionListSchema = v.object({
  data: v.optional(
    v.array(
      v.object({
        subscription_id: v.string(),
        event_type: v.optional(v.string()),
        filter: v.optional(v.object({ user_id: v.optional(v.string()) })),
        tag: v.optional(v.string()),
      }),
    ),
  ),
});
export type SubscriptionList = v.InferOutput<typeof SubscriptionListSchema>;

/** The bodies X sends with a refused stream or subscription call (Problem, legacy Error, or connection issue). */
export const ErrorBodySchema = v.object({
  title: v.optional(v.string()),
  detail: v.optional(v.string()),
  connection_issue: v.optional(v.string()),
});
