import * as v from 'valibot';
import type { DmEvent, DmEventType, DmEventsPage, Includes, PartialError, SendResult } from '../model';
import { ConversationId, IncludesSchema, NumericId, PartialErrorsSchema } from './common';

/**
 * DM event responses. 2.167 renames `referenced_tweets` to `referenced_posts`; either is folded into the 2.166
 * name. Events of a type this version does not know are skipped rather than failing the whole page, so a new
 * event type from X cannot stop sync.
 */
const KNOWN_TYPES: ReadonlySet<string> = new Set<DmEventType>(['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave']);

// Simpler than valibot's isoTimestamp(), same acceptance for what X sends (2022-10-25T23:16:15.000Z).
const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/;

const Reference = v.array(v.object({ id: NumericId }));

const RawEvent = v.object({
  id: NumericId,
  event_type: v.string(),
  text: v.optional(v.string()),
  sender_id: v.optional(NumericId),
  dm_conversation_id: v.optional(ConversationId),
  created_at: v.optional(v.pipe(v.string(), v.regex(ISO_TIMESTAMP, 'not an ISO 8601 timestamp'))),
  participant_ids: v.optional(v.array(NumericId)),
  attachments: v.optional(
    v.object({ media_keys: v.optional(v.array(v.string())), card_ids: v.optional(v.array(v.string())) }),
  ),
  referenced_tweets: v.optional(Reference),
  referenced_posts: v.optional(Reference),
});

function toEvent(raw: v.InferOutput<typeof RawEvent>): DmEvent | undefined {
  if (!KNOWN_TYPES.has(raw.event_type)) return undefined;
  if (raw.referenced_posts !== undefined) {
    const { referenced_posts, ...rest } = raw;
    if (rest.referenced_tweets === undefined) rest.referenced_tweets = referenced_posts;
    return rest as DmEvent;
  }
  return raw as DmEvent; // fresh object from valibot with only known keys
}

function toEvents(data: v.InferOutput<typeof RawEvent>[]): DmEvent[] {
  const events: DmEvent[] = [];
  for (const raw of data) {
    const event = toEvent(raw);
    if (event) events.push(event);
  }
  return events;
}

export const DmEventsPageSchema = v.pipe(
  v.object({
    data: v.optional(v.array(RawEvent)),
    includes: IncludesSchema,
    meta: v.optional(
      v.object({
        result_count: v.optional(v.number()),
        next_token: v.optional(v.string()),
        previous_token: v.optional(v.string()),
      }),
    ),
    errors: PartialErrorsSchema,
  }),
  v.transform((raw): DmEventsPage => {
    const page: DmEventsPage = {
      events: raw.data ? toEvents(raw.data) : [],
      includes: raw.includes,
      resultCount: raw.meta?.result_count ?? raw.data?.length ?? 0,
      partialErrors: raw.errors ?? [],
    };
    if (raw.meta?.next_token) page.nextToken = raw.meta.next_token;
    if (raw.meta?.previous_token) page.previousToken = raw.meta.previous_token;
    return page;
  }),
);

export interface SingleEventBody {
  event?: DmEvent;
  includes: Includes;
  partialErrors: PartialError[];
}

export const DmEventSchema = v.pipe(
  v.object({ data: v.optional(RawEvent), includes: IncludesSchema, errors: PartialErrorsSchema }),
  v.transform((raw): SingleEventBody => ({
    event: raw.data ? toEvent(raw.data) : undefined,
    includes: raw.includes,
    partialErrors: raw.errors ?? [],
  })),
);

export const SendResultSchema = v.pipe(
  v.object({ data: v.object({ dm_conversation_id: ConversationId, dm_event_id: NumericId }) }),
  v.transform((raw): SendResult => ({ dm_conversation_id: raw.data.dm_conversation_id, dm_event_id: raw.data.dm_event_id })),
);

export const DeleteResultSchema = v.object({
  data: v.optional(v.object({ deleted: v.optional(v.boolean()) })),
  errors: PartialErrorsSchema,
});
