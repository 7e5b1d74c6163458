import * as v from 'valibot';
import { NumericId, matching } from '../../api/schemas/ids';
import { PartialErrorsSchema } from '../../api/schemas/common';
import { UserResponseSchema } from '../../api/schemas/user';
import { XCHAT_CONVERSATION_ID_PATTERN } from '../../dm/model/ids';

/**
 * X's `/2/chat` and public-key answers (OpenAPI 2.167) as the extension accepts them. Ids end up in URLs and in the
 * engine's requests, so they are checked against X's patterns; ciphertext is base64 with a size cap; lists are capped
 * at what the request allows, so a hostile answer cannot make the engine chew through an unbounded batch.
 */

export const XChatConversationId = matching(XCHAT_CONVERSATION_ID_PATTERN, 'not an X Chat conversation id');
/** Base64 (standard or URL alphabet), at most 1 MB: what the engine accepts. */
export const Base64 = matching(/^[A-Za-z0-9+/=_-]{1,1000000}$/, 'not base64');
export const KeyVersion = matching(/^[0-9]{1,25}$/, 'not a key version');

const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/;
/** An ISO 8601 time, as epoch ms. */
const Timestamp = v.pipe(
  matching(ISO_TIMESTAMP, 'not an ISO 8601 timestamp'),
  v.transform((text) => Date.parse(text)),
  v.check((ms) => Number.isFinite(ms), 'not a real time'),
);
const Token = v.pipe(v.string(), v.minLength(1), v.maxLength(1000));
const Ids = v.pipe(v.array(NumericId), v.maxLength(1000));

export const ChatConversationSchema = v.object({
  id: XChatConversationId,
  type: v.optional(v.string()),
  group_name: v.optional(v.pipe(v.string(), v.maxLength(1000))),
  created_at: v.optional(Timestamp),
  updated_at: v.optional(Timestamp),
  is_muted: v.optional(v.boolean()),
  participant_ids: v.optional(Ids),
  member_ids: v.optional(Ids),
  admin_ids: v.optional(Ids),
});
export type ChatConversationWire = v.InferOutput<typeof ChatConversationSchema>;

export const ChatConversationsPageSchema = v.pipe(
  v.object({
    data: v.optional(v.pipe(v.array(ChatConversationSchema), v.maxLength(100))),
    includes: v.optional(v.object({ users: v.optional(v.pipe(v.array(UserResponseSchema), v.maxLength(5000))) })),
    meta: v.optional(
      v.object({
        next_token: v.optional(Token),
        has_more: v.optional(v.boolean()),
        has_message_requests: v.optional(v.boolean()),
      }),
    ),
    errors: PartialErrorsSchema,
  }),
  v.transform((raw) => ({
    conversations: raw.data ?? [],
    users: raw.includes?.users ?? [],
    nextToken: raw.meta?.next_token,
    hasMessageRequests: raw.meta?.has_message_requests ?? false,
    partialErrors: raw.errors,
  })),
);
export type ChatConversationsPage = v.InferOutput<typeof ChatConversationsPageSchema>;

/** One event as X stores it: the envelope stays ciphertext until the engine opens it; the rest is X's say-so. */
export const ChatEventSchema = v.object({
  id: NumericId,
  encoded_event: Base64,
  sender_id: v.optional(NumericId),
  conversation_id: v.optional(XChatConversationId),
  created_at: v.optional(Timestamp),
  previous_id: v.optional(NumericId),
  is_trusted: v.optional(v.boolean()),
});
export type ChatEventWire = v.InferOutput<typeof ChatEventSchema>;

export const ChatEventsPageSchema = v.pipe(
  v.object({
    data: v.optional(v.pipe(v.array(ChatEventSchema), v.maxLength(100))),
    meta: v.optional(
      v.object({
        conversation_key_events: v.optional(v.pipe(v.array(Base64), v.maxLength(1000))),
        next_token: v.optional(Token),
        has_more: v.optional(v.boolean()),
      }),
    ),
    errors: PartialErrorsSchema,
  }),
  v.transform((raw) => ({
    events: raw.data ?? [],
    keyChangeEvents: raw.meta?.conversation_key_events ?? [],
    nextToken: raw.meta?.next_token,
    partialErrors: raw.errors,
  })),
);
export type ChatEventsPage = v.InferOutput<typeof ChatEventsPageSchema>;

/** `juicebox_config` is handed to the engine verbatim (it checks it); here it only has to be an object. */
export const PublicKeyRecordSchema = v.object({
  public_key: v.optional(Base64),
  public_key_version: KeyVersion,
  signing_public_key: v.optional(Base64),
  identity_public_key_signature: v.optional(Base64),
  juicebox_config: v.optional(v.record(v.string(), v.unknown())),
});
export type PublicKeyRecord = v.InferOutput<typeof PublicKeyRecordSchema>;

export const PublicKeysSchema = v.pipe(
  v.object({ data: v.optional(v.pipe(v.array(PublicKeyRecordSchema), v.maxLength(1000))), errors: PartialErrorsSchema }),
  v.transform((raw) => ({ records: raw.data ?? [], partialErrors: raw.errors })),
);

export const SendChatMessageResultSchema = v.object({
  data: v.optional(v.object({ encoded_message_event: Base64 })),
  errors: PartialErrorsSchema,
});

export const AddConversationKeysResultSchema = v.object({
  data: v.optional(v.object({ conversation_id: v.optional(XChatConversationId), sequence_id: v.optional(NumericId) })),
  errors: PartialErrorsSchema,
});

/** `read` and `typing` answer `{data: {success}}`. */
export const ChatSuccessSchema = v.object({
  data: v.optional(v.object({ success: v.boolean() })),
  errors: PartialErrorsSchema,
});
