import { InvalidInputError, InvalidRequestError, NetworkError, NotFoundError, SchemaDriftError, isXApiError } from '../../api/errors';
import type { HttpCore } from '../../api/http';
import type { EndpointKey } from '../../api/model';
import { paginate } from '../../api/pagination';
import type { RateLimitBookImpl } from '../../api/rateLimits';
import { parseResponse } from '../../api/schemas/common';
import type { PartialError } from '../../api/schemas/common';
import { checkId } from '../../api/validateInput';
import { USER_FIELDS } from '../../api/fields';
import { createHttpCore, type XClientOptions } from '../../api/xClient';
import { XCHAT_CONVERSATION_ID_PATTERN, XCHAT_MEDIA_HASH_KEY_PATTERN } from '../../dm/model/ids';
import { MAX_MEDIA_CIPHERTEXT_BYTES, type KeyChange } from '../engine/protocol';
import { CHAT_CONVERSATION_EXPANSIONS, CHAT_CONVERSATION_FIELDS, CHAT_ENDPOINTS, CHAT_EVENT_FIELDS, PUBLIC_KEY_FIELDS } from './endpoints';
import {
  AddConversationKeysResultSchema,
  ChatConversationsPageSchema,
  ChatEventsPageSchema,
  ChatSuccessSchema,
  PublicKeysSchema,
  SendChatMessageResultSchema,
  type ChatConversationsPage,
  type ChatEventsPage,
  type PublicKeyRecord,
} from './schemas';

/**
 * The `/2/chat` client: the same HTTP core as legacy DMs (auth, retries, deadlines, rate-limit book, `XApiError`s),
 * every answer validated. It moves ciphertext only; the engine worker encrypts and decrypts (docs/decisions/020).
 */

export interface ChatPageParams {
  /** 1–100; the client's default is 100 for events, 50 for conversations. */
  maxResults?: number;
  paginationToken?: string;
  signal?: AbortSignal;
}

/** A message as the engine sealed it. The caller keeps it until X confirms: a retry posts these same bytes. */
export interface SealedMessage {
  messageId: string;
  encodedMessageCreateEvent: string;
  encodedMessageEventSignature: string;
}

const MESSAGE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const BASE64 = /^[A-Za-z0-9+/=_-]{1,1000000}$/;
const MAX_PUBLIC_KEY_IDS = 100;

function checkConversation(value: unknown, allowUserId = false): string {
  if (typeof value === 'string' && (XCHAT_CONVERSATION_ID_PATTERN.test(value) || (allowUserId && /^[0-9]{1,19}$/.test(value)))) return value;
  throw new InvalidInputError('conversationId', 'the id is not an X Chat conversation id');
}

function checkPage(params: ChatPageParams, fallback: number): { max_results: number; pagination_token?: string } {
  const max = params.maxResults ?? fallback;
  if (!Number.isInteger(max) || max < 1 || max > 100) throw new InvalidInputError('maxResults', 'the page size must be 1–100');
  const token = params.paginationToken;
  if (token !== undefined && (typeof token !== 'string' || token === '')) throw new InvalidInputError('paginationToken', 'the page token is empty');
  return { max_results: max, pagination_token: token };
}

function refusal(endpoint: EndpointKey, status: number, errors: PartialError[] | undefined, fallback: string): InvalidRequestError {
  const problem = errors?.[0];
  return new InvalidRequestError(problem?.parameter, { endpoint, status, detail: problem?.detail ?? problem?.title ?? fallback });
}

export class ChatApi {
  constructor(private readonly http: HttpCore) {}

  async listConversations(params: ChatPageParams = {}): Promise<ChatConversationsPage> {
    const endpoint = CHAT_ENDPOINTS.listConversations;
    const query = {
      ...checkPage(params, 50),
      'chat_conversation.fields': CHAT_CONVERSATION_FIELDS,
      expansions: CHAT_CONVERSATION_EXPANSIONS,
      'user.fields': USER_FIELDS,
    };
    const response = await this.http.send({ method: 'GET', endpoint, path: '2/chat/conversations', query, signal: params.signal, expect: 'json' });
    return parseResponse(ChatConversationsPageSchema, response.json, endpoint);
  }

  pagesOfConversations(options: ChatPageParams & { pageLimit?: number } = {}): AsyncIterable<ChatConversationsPage> {
    return paginate((params: ChatPageParams) => this.listConversations(params), options);
  }

  /** Newest first; `keyChangeEvents` are what the engine needs to open this page's messages. */
  async conversationEvents(conversationId: string, params: ChatPageParams = {}): Promise<ChatEventsPage> {
    const id = checkConversation(conversationId);
    const endpoint = CHAT_ENDPOINTS.conversationEvents;
    const query = { ...checkPage(params, 100), 'chat_message_event.fields': CHAT_EVENT_FIELDS };
    const response = await this.http.send({ method: 'GET', endpoint, path: `2/chat/conversations/${id}/events`, query, signal: params.signal, expect: 'json' });
    return parseResponse(ChatEventsPageSchema, response.json, endpoint);
  }

  pagesOfConversationEvents(conversationId: string, options: ChatPageParams & { pageLimit?: number } = {}): AsyncIterable<ChatEventsPage> {
    return paginate((params: ChatPageParams) => this.conversationEvents(conversationId, params), options);
  }

  /**
   * The latest public keys of each user that has some; users without keys are absent from the map. X's records
   * carry no user id, so the batch answer is matched by position only when it has one record per id; otherwise each
   * user is asked on their own (one request each) rather than guessing whose key is whose.
   */
  async publicKeys(userIds: readonly string[]): Promise<Map<string, PublicKeyRecord>> {
    const ids = [...new Set(userIds.map((id) => checkId('userIds', id)))];
    if (ids.length === 0 || ids.length > MAX_PUBLIC_KEY_IDS) throw new InvalidInputError('userIds', `ask for 1–${MAX_PUBLIC_KEY_IDS} users`);
    const endpoint = CHAT_ENDPOINTS.usersPublicKeys;
    const query = { ids, 'public_key.fields': PUBLIC_KEY_FIELDS };
    const response = await this.http.send({ method: 'GET', endpoint, path: '2/users/public_keys', query, expect: 'json' });
    const { records } = parseResponse(PublicKeysSchema, response.json, endpoint);
    const found = new Map<string, PublicKeyRecord>();
    if (records.length === ids.length) {
      ids.forEach((id, i) => found.set(id, records[i] as PublicKeyRecord));
      return found;
    }
    for (const id of ids) {
      const [latest] = await this.userPublicKeys(id, false).catch((error: unknown) => {
        if (error instanceof NotFoundError) return [];
        throw error;
      });
      if (latest) found.set(id, latest);
    }
    return found;
  }

  /** The signed-in user's records, newest first, with `juicebox_config` (X shows it only to the owner). */
  async myPublicKeys(meId: string): Promise<PublicKeyRecord[]> {
    return this.userPublicKeys(checkId('meId', meId), true);
  }

  /** Posts a key change the engine prepared; for a new 1:1 `pathId` is the other user's id. */
  async postKeys(pathId: string, change: KeyChange): Promise<{ conversationId?: string; sequenceId?: string }> {
    const id = checkConversation(pathId, true);
    const endpoint = CHAT_ENDPOINTS.addConversationKeys;
    const json = {
      conversation_key_version: change.conversationKeyVersion,
      conversation_participant_keys: change.participantKeys.map((k) => ({ user_id: k.userId, encrypted_conversation_key: k.encryptedKey, public_key_version: k.publicKeyVersion })),
      action_signatures: change.actionSignatures.map((s) => ({
        message_id: s.messageId,
        encoded_message_event_detail: s.encodedMessageEventDetail,
        message_event_signature: { signature: s.signature, public_key_version: s.publicKeyVersion, signature_version: s.signatureVersion },
      })),
    };
    const response = await this.http.send({ method: 'POST', endpoint, path: `2/chat/conversations/${id}/keys`, json, expect: 'json' });
    const body = parseResponse(AddConversationKeysResultSchema, response.json, endpoint);
    if (!body.data) throw refusal(endpoint, response.status, body.errors, 'X did not store the conversation key');
    return { conversationId: body.data.conversation_id, sequenceId: body.data.sequence_id };
  }

  /**
   * Posts a sealed message. X treats the same `message_id` as the same message, so a caller that is unsure whether
   * a send arrived posts the same `SealedMessage` again (never a fresh encryption, which would be a new message).
   * Any 2xx is success, even with a body that does not fit: `encodedMessageEvent` is then absent.
   */
  async sendMessage(conversationId: string, sealed: SealedMessage): Promise<{ encodedMessageEvent?: string }> {
    const id = checkConversation(conversationId);
    if (!MESSAGE_ID.test(sealed.messageId)) throw new InvalidInputError('messageId', 'the message id is not valid');
    if (!BASE64.test(sealed.encodedMessageCreateEvent) || !BASE64.test(sealed.encodedMessageEventSignature)) {
      throw new InvalidInputError('message', 'the sealed message is not base64');
    }
    const endpoint = CHAT_ENDPOINTS.sendMessage;
    const json = {
      message_id: sealed.messageId,
      encoded_message_create_event: sealed.encodedMessageCreateEvent,
      encoded_message_event_signature: sealed.encodedMessageEventSignature,
    };
    let status: number;
    let answer: unknown;
    try {
      const response = await this.http.send({ method: 'POST', endpoint, path: `2/chat/conversations/${id}/messages`, json, expect: 'json' });
      status = response.status;
      answer = response.json;
    } catch (error) {
      const answered2xx = isXApiError(error) && error.status !== undefined && error.status >= 200 && error.status <= 299;
      if (answered2xx && (error instanceof SchemaDriftError || (error instanceof NetworkError && error.answerCutOff))) return {};
      throw error;
    }
    if (answer === undefined) return {};
    let body;
    try {
      body = parseResponse(SendChatMessageResultSchema, answer, endpoint);
    } catch (error) {
      if (error instanceof SchemaDriftError) return {};
      throw error;
    }
    if (!body.data && (body.errors?.length ?? 0) > 0) throw refusal(endpoint, status, body.errors, 'X did not take the message');
    return { encodedMessageEvent: body.data?.encoded_message_event };
  }

  /** Tells X (and so the user's other devices) that everything up to this event has been seen. */
  async markRead(conversationId: string, seenUntilSequenceId: string): Promise<void> {
    const id = checkConversation(conversationId);
    const seen = checkId('seenUntilSequenceId', seenUntilSequenceId);
    return this.success(CHAT_ENDPOINTS.markRead, `2/chat/conversations/${id}/read`, { seen_until_sequence_id: seen });
  }

  async typing(conversationId: string): Promise<void> {
    const id = checkConversation(conversationId);
    return this.success(CHAT_ENDPOINTS.typing, `2/chat/conversations/${id}/typing`, undefined);
  }

  /** The sealed bytes of media in this conversation, for the engine to open; more than the engine takes is refused. */
  async downloadMedia(conversationId: string, mediaHashKey: string): Promise<Uint8Array<ArrayBuffer>> {
    const id = checkConversation(conversationId);
    if (typeof mediaHashKey !== 'string' || !XCHAT_MEDIA_HASH_KEY_PATTERN.test(mediaHashKey)) throw new InvalidInputError('mediaHashKey', 'the media hash key is not valid');
    const endpoint = CHAT_ENDPOINTS.downloadMedia;
    const response = await this.http.send({ method: 'GET', endpoint, path: `2/chat/media/${id}/${mediaHashKey}`, expect: 'bytes' });
    const bytes = response.bytes?.buffer instanceof ArrayBuffer ? (response.bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(0);
    if (bytes.byteLength === 0 || bytes.byteLength > MAX_MEDIA_CIPHERTEXT_BYTES) {
      throw new SchemaDriftError('(body)', `media of ${bytes.byteLength} bytes (1–${MAX_MEDIA_CIPHERTEXT_BYTES} expected)`, { endpoint, status: response.status });
    }
    return bytes;
  }

  private async success(endpoint: EndpointKey, path: string, json: unknown): Promise<void> {
    const response = await this.http.send({ method: 'POST', endpoint, path, json, expect: 'json' });
    const body = parseResponse(ChatSuccessSchema, response.json, endpoint);
    if (body.data?.success !== true) throw refusal(endpoint, response.status, body.errors, 'X did not do it');
  }

  private async userPublicKeys(userId: string, withBackupConfig: boolean): Promise<PublicKeyRecord[]> {
    const endpoint = CHAT_ENDPOINTS.userPublicKeys;
    const fields = withBackupConfig ? [...PUBLIC_KEY_FIELDS, 'juicebox_config'] : PUBLIC_KEY_FIELDS;
    const response = await this.http.send({ method: 'GET', endpoint, path: `2/users/${userId}/public_keys`, query: { 'public_key.fields': fields }, expect: 'json' });
    return parseResponse(PublicKeysSchema, response.json, endpoint).records;
  }
}

/** One account's X Chat client with its own rate-limit book (X Chat's budgets are separate buckets). */
export function createChatApi(options: XClientOptions): { api: ChatApi; rateLimits: RateLimitBookImpl } {
  const { http, book } = createHttpCore(options);
  return { api: new ChatApi(http), rateLimits: book };
}
