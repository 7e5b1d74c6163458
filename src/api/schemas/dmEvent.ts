import * as v from 'valibot';
import { ConversationId, NumericId, matching } from './ids';

/**
 * X's DM event, with the 2.167 renames (`referenced_posts`, `entities.urls`) folded back into the 2.166 names.
 * Events of a type this version does not know are skipped rather than failing the page, so a new event type from
 * X cannot stop sync.
 */
export const DM_EVENT_TYPES = ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave'] as const;
export type DmEventType = (typeof DM_EVENT_TYPES)[number];
const KNOWN_TYPES: ReadonlySet<string> = new Set<string>(DM_EVENT_TYPES);

// Simpler than valibot's isoTimestamp(), same acceptance for what X sends (2022-10-25T23:16:15.000Z).
const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/;

const Reference = v.array(v.object({ id: NumericId }));

/** One link X put into DM text: `url` is the t.co link as it appears in `text`; the rest X adds is dropped. */
const UrlEntity = v.object({
  start: v.pipe(v.number(), v.integer(), v.minValue(0)),
  end: v.pipe(v.number(), v.integer(), v.minValue(0)),
  url: v.string(),
  expanded_url: v.optional(v.string()),
  display_url: v.optional(v.string()),
});
export type DmUrlEntity = v.InferOutput<typeof UrlEntity>;

const eventFields = {
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
  urls: v.optional(v.array(UrlEntity)),
};
/** An event as X sends it (either version's names). */
export const DmEventResponseSchema = v.object({
  ...eventFields,
  referenced_posts: v.optional(Reference),
  entities: v.optional(v.object({ urls: v.optional(v.array(UrlEntity)) })),
});

/** An event as the API client hands it on: 2.166 names, a known type. */
export type DmEvent = Omit<v.InferOutput<typeof DmEventResponseSchema>, 'event_type' | 'referenced_posts' | 'entities'> & {
  event_type: DmEventType;
};

function isKnown<T extends { event_type: string }>(raw: T): raw is T & { event_type: DmEventType } {
  return KNOWN_TYPES.has(raw.event_type);
}

export function toEvent(raw: v.InferOutput<typeof DmEventResponseSchema>): DmEvent | undefined {
  if (!isKnown(raw)) return undefined;
  if (raw.referenced_posts !== undefined || raw.entities !== undefined) {
    const { referenced_posts, entities, ...rest } = raw;
    if (rest.referenced_tweets === undefined && referenced_posts !== undefined) rest.referenced_tweets = referenced_posts;
    if (rest.urls === undefined && entities?.urls !== undefined) rest.urls = entities.urls;
    return rest;
  }
  return raw; // valibot's fresh object, only known keys: used as is, since copying per event is the client's main cost
}

export function toEvents(data: v.InferOutput<typeof DmEventResponseSchema>[]): DmEvent[] {
  const events: DmEvent[] = [];
  for (const raw of data) {
    const event = toEvent(raw);
    if (event) events.push(event);
  }
  return events;
}
