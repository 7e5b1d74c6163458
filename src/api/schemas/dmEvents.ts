import * as v from 'valibot';
import type { DmEvent, DmEventType, DmEventsPage, Includes, PartialError, SendResult } from '../model';
import { ConversationId, IncludesSchema, NumericId, PartialErrorsSchema, matching } from './common';

/**
 * DM event responses. 2.167 renames `referenced_tweets` to `referenced_posts`; either is folded into the 2.166
 * name. Events of a type this version does not know are skipped rather than failing the whole page, so a new
 * event type from X cannot stop sync.
 */
const KNOWN_TYPES: ReadonlySet<string> = new Set<DmEventType>(['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave']);

// Simpler than valibot's isoTimestamp(), same acceptance for what X sends (2022-10-25T23:16:15.000Z).
const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/;

const Reference = v.array(v.object({ id: NumericId }));

// Only what the panel needs from a URL entity; everything else X adds (title, images, status…) is dropped.
const UrlEntity = v.object({
  start: v.pipe(v.number(), v.integer(), v.minValue(0)),
  end: v.pipe(v.number(), v.integer(), v.minValue(0)),
  url: v.string(),
  expanded_url: v.optional(v.string()),
  display_url: v.optional(v.string()),
});

const RawEvent = v.object({
  id: NumericId,
  event_type: v.string(),
  text: v.optional(v.string()),
  sender_id: v.optional(NumericId),
  dm_conversation_id: v.optional(ConversationId),
  created_at: v.optional(matching(ISO_TIMESTAMP, 'not an ISO 8601 timestamp')),
  participant_ids: v.optional(v.array(NumericId)),
  attachments: v.optional(
    v.object({ media_keys: v.optional(v.array(v.string())), card_ids: v.optional(v.array(v.string())) }),
  ),
  referenced_tweets: v.optional(Reference),
  referenced_posts: v.optional(Reference),
  urls: v.optional(v.array(UrlEntity)),
  entities: v.optional(v.object({ urls: v.optional(v.array(UrlEntity)) })),
});

function toEvent(raw: v.InferOutput<typeof RawEvent>): DmEvent | undefined {
  if (!KNOWN_TYPES.has(raw.event_type)) return undefined;
  if (raw.referenced_posts !== undefined || raw.entities !== undefined) {
    const { referenced_posts, entities, ...rest } = raw;
    if (rest.referenced_tweets === undefined && referenced_posts !== undefined) rest.referenced_tweets = referenced_posts;
    if (rest.urls === undefined && entities?.urls !== undefined) rest.urls = entities.urls;
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

/** What can still be read from a 2xx send answer that failed `SendResultSchema`: each id on its own, if valid. */
export function salvageSendResult(json: unknown, problem: string): SendResult {
  const data = typeof json === 'object' && json !== null ? (json as { data?: unknown }).data : undefined;
  const field = (schema: typeof NumericId | typeof ConversationId, key: string): string | undefined => {
    const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
    const parsed = v.safeParse(schema, value);
    return parsed.success ? parsed.output : undefined;
  };
  const result: SendResult = { unreadable: problem };
  const conversationId = field(ConversationId, 'dm_conversation_id');
  const eventId = field(NumericId, 'dm_event_id');
  if (conversationId !== undefined) result.dm_conversation_id = conversationId;
  if (eventId !== undefined) result.dm_event_id = eventId;
  return result;
}

export const DeleteResultSchema = v.object({
  data: v.optional(v.object({ deleted: v.optional(v.boolean()) })),
  errors: PartialErrorsSchema,
});
