import * as v from 'valibot';
import { LOCAL_ID_PATTERN, MEDIA_KEY_PATTERN, XCHAT_MEDIA_HASH_KEY_PATTERN, isConversationRef, isMessageRef } from '../dm/model/ids';
import { MAX_DM_TEXT_LENGTH, dmTextLength } from '../dm/model/limits';
import { MAX_WEBVIEW_MEDIA_BYTES } from '../protocol/mediaLimits';
import { MAX_ALT_TEXT_LENGTH } from '../protocol/outgoingMedia';
import { PANEL_ACTIONS } from '../protocol/conversations/protocol';
import type { RequestMethod, RequestParams } from '../protocol/conversations/protocol';
import type { WebviewMessage } from '../protocol/messages';

/**
 * Valibot schemas for everything the webview may post. It renders strangers' text, so it is untrusted: anything not
 * matching exactly (unknown kind, extra keys, wrong types, oversized strings) is rejected before any handler.
 */
// X's id rules (src/dm/model/ids.ts), plus the outbox's local ids for what X has not acknowledged yet.
const conversationId = v.pipe(v.string(), v.check(isConversationRef));
/** Conversation ids as every message carries them; the editor-tab serializer checks restored state with it too. */
export const conversationIdSchema = conversationId;
const messageId = v.pipe(v.string(), v.check(isMessageRef));
const localId = v.pipe(v.string(), v.regex(LOCAL_ID_PATTERN));
/** X's legacy media key (`3_123…`) or an X Chat media hash key (alphanumeric, up to 50): both path-safe. */
const mediaKey = v.pipe(v.string(), v.check((key) => MEDIA_KEY_PATTERN.test(key) || XCHAT_MEDIA_HASH_KEY_PATTERN.test(key)));
const requestId = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
/** `crypto.randomUUID()` of one document; receipts are numbered from 1. */
const documentId = v.pipe(v.string(), v.uuid());
const seq = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));
const none = v.strictObject({});

/** Text that goes with an attachment may be empty; without one it must say something (checked on `send`). */
const sendText = v.pipe(
  v.string(),
  v.maxLength(MAX_DM_TEXT_LENGTH * 2),
  v.check((text) => dmTextLength(text) <= MAX_DM_TEXT_LENGTH, 'too long'),
);
const attachmentId = v.pipe(v.string(), v.regex(/^att-[\w-]{1,64}$/));
const sendParams = v.pipe(
  v.strictObject({
    conversationId,
    text: sendText,
    attachment: v.optional(
      v.strictObject({ id: attachmentId, altText: v.optional(v.pipe(v.string(), v.maxLength(MAX_ALT_TEXT_LENGTH))) }),
    ),
  }),
  v.check((params) => params.attachment !== undefined || params.text.trim().length > 0, 'empty'),
);
/** Base64 of at most MAX_WEBVIEW_MEDIA_BYTES; the host still checks the decoded bytes' type and size. */
const mediaData = v.pipe(
  v.string(),
  v.minLength(4),
  v.maxLength(Math.ceil(MAX_WEBVIEW_MEDIA_BYTES / 3) * 4),
  v.regex(/^[A-Za-z0-9+/]*={0,2}$/),
);

/** Params of every request, one per descriptor in conversationRequests (a missing one does not compile). */
export const requestParamSchemas = {
  openConversation: v.strictObject({ conversationId }),
  closeConversation: none,
  search: v.strictObject({ query: v.pipe(v.string(), v.maxLength(200)) }),
  send: sendParams,
  attachMedia: v.strictObject({
    name: v.pipe(v.string(), v.maxLength(255)),
    mimeType: v.pipe(v.string(), v.maxLength(100)),
    data: mediaData,
  }),
  pickMedia: none,
  uploadMedia: v.strictObject({ attachmentId }),
  removeMedia: v.strictObject({ attachmentId }),
  retry: v.strictObject({ localId }),
  check: v.strictObject({ localId }),
  discard: v.strictObject({ localId }),
  deleteMessage: v.strictObject({ conversationId, messageId }),
  loadOlder: v.strictObject({ conversationId }),
  fetchMedia: v.strictObject({ dmEventId: messageId, mediaKey }),
  openLink: v.strictObject({ url: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)) }),
  runAction: v.strictObject({ action: v.picklist(PANEL_ACTIONS) }),
  conversationActions: v.strictObject({ conversationId }),
  switchAccount: v.strictObject({ sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) }),
  openIn: v.strictObject({ conversationId, where: v.picklist(['editor', 'sidebar']) }),
} satisfies { [M in RequestMethod]: v.GenericSchema<unknown, RequestParams<M>> };

function request<M extends RequestMethod>(method: M) {
  return v.strictObject({ type: v.literal('request'), id: requestId, method: v.literal(method), params: requestParamSchemas[method] });
}

const requestSchema = v.variant('method', [
  request('openConversation'),
  request('closeConversation'),
  request('search'),
  request('send'),
  request('attachMedia'),
  request('pickMedia'),
  request('uploadMedia'),
  request('removeMedia'),
  request('retry'),
  request('check'),
  request('discard'),
  request('deleteMessage'),
  request('loadOlder'),
  request('fetchMedia'),
  request('openLink'),
  request('runAction'),
  request('conversationActions'),
  request('switchAccount'),
  request('openIn'),
]);

const accountDrafts = v.strictObject({
  savedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  texts: v.pipe(
    v.record(conversationId, v.pipe(v.string(), v.maxLength(MAX_DM_TEXT_LENGTH * 2))),
    v.check((texts) => Object.keys(texts).length <= 500, 'too many drafts'),
  ),
});

export const uiStateSchema = v.strictObject({
  openConversationId: v.optional(conversationId),
  drafts: v.pipe(
    v.record(v.pipe(v.string(), v.regex(/^[0-9]{1,19}$/)), accountDrafts),
    v.check((drafts) => Object.keys(drafts).length <= 20, 'too many accounts'),
  ),
  filter: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

/** Commands (ready, ack, log, uiState, typing; one per descriptor in conversationCommands) and requests. */
export const webviewMessageSchema = v.variant('type', [
  v.strictObject({ type: v.literal('ready'), documentId: v.optional(documentId), openConversationId: v.optional(conversationId) }),
  v.strictObject({ type: v.literal('ack'), documentId, seq }),
  v.strictObject({ type: v.literal('uiState'), state: uiStateSchema }),
  v.strictObject({ type: v.literal('typing'), conversationId }),
  v.strictObject({ type: v.literal('log'), level: v.picklist(['warn', 'error']), message: v.pipe(v.string(), v.maxLength(2000)) }),
  requestSchema,
]);

export type ParseResult = { ok: true; message: WebviewMessage } | { ok: false; reason: string; requestId?: number };

/** Validates one raw message; on failure says why (issue paths only, never the payload) and the request id if any. */
export function parseWebviewMessage(raw: unknown): ParseResult {
  const result = v.safeParse(webviewMessageSchema, raw);
  if (result.success) return { ok: true, message: result.output };
  const first = result.issues[0];
  const path = first.path?.map((item) => String(item.key)).join('.') ?? '';
  const reason = `${path || '(root)'}: ${first.expected ? `expected ${first.expected}` : first.message}`;
  return { ok: false, reason: reason.slice(0, 300), requestId: requestIdOf(raw) };
}

function requestIdOf(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const candidate = (raw as { id?: unknown }).id;
  return typeof candidate === 'number' && Number.isSafeInteger(candidate) && candidate >= 0 ? candidate : undefined;
}
