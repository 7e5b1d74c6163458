import * as v from 'valibot';
import { IncludesSchema, PartialErrorsSchema } from './common';
import { DmEventResponseSchema, toEvent, toEvents } from './dmEvent';
import { ConversationId, NumericId } from './ids';

/** DM event responses: a page of events (`/2/dm_events`, a conversation's events) or one event. */
export const DmEventsPageSchema = v.pipe(
  v.object({
    data: v.optional(v.array(DmEventResponseSchema)),
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
  v.transform((raw) => ({
    events: raw.data ? toEvents(raw.data) : [],
    includes: raw.includes,
    resultCount: raw.meta?.result_count ?? raw.data?.length ?? 0,
    partialErrors: raw.errors ?? [],
    ...(raw.meta?.next_token ? { nextToken: raw.meta.next_token } : {}),
    ...(raw.meta?.previous_token ? { previousToken: raw.meta.previous_token } : {}),
  })),
);
export type DmEventsPage = v.InferOutput<typeof DmEventsPageSchema>;

export const DmEventSchema = v.pipe(
  v.object({ data: v.optional(DmEventResponseSchema), includes: IncludesSchema, errors: PartialErrorsSchema }),
  v.transform((raw) => ({
    event: raw.data ? toEvent(raw.data) : undefined,
    includes: raw.includes,
    partialErrors: raw.errors ?? [],
  })),
);
export type SingleEventBody = v.InferOutput<typeof DmEventSchema>;

const SendIds = v.object({ dm_conversation_id: ConversationId, dm_event_id: NumericId });

export const SendResultSchema = v.pipe(
  v.object({ data: SendIds }),
  v.transform((raw): SendResult => ({ dm_conversation_id: raw.data.dm_conversation_id, dm_event_id: raw.data.dm_event_id })),
);

/**
 * X's answer to a send. Any 2xx means X took the message; when its body did not fit the schema, the ids that could
 * not be read are missing and `unreadable` says what was wrong (for the log; the message still counts as sent).
 */
export type SendResult = Partial<v.InferOutput<typeof SendIds>> & { unreadable?: string };

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
