import type { ActivitySubscription } from './endpoints/activity';
import type { MediaCategory } from '../protocol/mediaLimits';
import type { Event } from '../util/events';
import type { DmEvent, DmEventType } from './schemas/dmEvent';
import type { DmEventsPage, SendResult } from './schemas/dmEvents';
import type { EndpointKey, OutgoingMessage, RateLimitInfo } from './model';
import type { Includes, PartialError } from './schemas/common';
import type { XUser } from './schemas/user';

/**
 * The contract between `src/api` (which implements it with fetch + valibot) and everything above it (sync engine,
 * outbox, commands). Every method resolves with typed data or rejects with an `XApiError` subclass from
 * `./errors` — never a raw response.
 */
export interface ListEventsParams {
  /** 1–100; the client's default is 100. */
  maxResults?: number;
  paginationToken?: string;
  eventTypes?: DmEventType[];
  signal?: AbortSignal;
}

export interface PageIterationOptions extends ListEventsParams {
  /** Stop after this many pages even if X has more. */
  pageLimit?: number;
}

export interface DmMediaBytes {
  bytes: Uint8Array;
  contentType: string;
}

export type DmMediaCategory = MediaCategory;

export interface RateLimitBook {
  get(endpoint: EndpointKey): RateLimitInfo | undefined;
  all(): RateLimitInfo[];
  readonly onDidChange: Event<RateLimitInfo>;
}

export interface XDmApi {
  listDmEvents(params?: ListEventsParams): Promise<DmEventsPage>;
  listConversationEvents(conversationId: string, params?: ListEventsParams): Promise<DmEventsPage>;
  listEventsWithParticipant(participantId: string, params?: ListEventsParams): Promise<DmEventsPage>;
  /** Async iterator over pages of `GET /2/dm_events`; stops cleanly at the last page, the page limit, or abort. */
  pagesOfDmEvents(options?: PageIterationOptions): AsyncIterable<DmEventsPage>;
  pagesOfConversationEvents(conversationId: string, options?: PageIterationOptions): AsyncIterable<DmEventsPage>;

  /** `partialErrors` (optional, added compatibly): problems X reported next to the data, e.g. an unresolvable post. */
  getDmEvent(eventId: string): Promise<{ event: DmEvent; includes: Includes; partialErrors?: PartialError[] }>;
  deleteDmEvent(eventId: string): Promise<void>;

  sendToConversation(conversationId: string, message: OutgoingMessage): Promise<SendResult>;
  sendToParticipant(participantId: string, message: OutgoingMessage): Promise<SendResult>;
  createGroupConversation(participantIds: string[], message: OutgoingMessage): Promise<SendResult>;

  downloadDmMedia(dmEventId: string, mediaId: string, resourceId: string): Promise<DmMediaBytes>;
  /** `onProgress` hears the bytes sent after each chunk. Limits are X's (src/protocol/mediaLimits.ts). */
  uploadDmMedia(
    bytes: Uint8Array,
    contentType: string,
    category: DmMediaCategory,
    onProgress?: (sentBytes: number, totalBytes: number) => void,
  ): Promise<{ mediaId: string }>;

  getMe(): Promise<XUser>;
  /** Batches into requests of at most 100 ids. Unknown ids are skipped (reported as partial errors by X). */
  getUsersByIds(ids: string[]): Promise<XUser[]>;
  getUsersByUsernames(usernames: string[]): Promise<XUser[]>;

  /** `POST /2/users/{id}/dm/block` / `dm/unblock`: resolves with whether X now blocks DMs with that user. */
  blockDms(userId: string): Promise<boolean>;
  unblockDms(userId: string): Promise<boolean>;

  /** `POST /2/activity/subscriptions` for the signed-in user (real-time delivery, see src/realtime). */
  createActivitySubscription(eventType: string, userId: string, tag: string): Promise<ActivitySubscription>;

  readonly rateLimits: RateLimitBook;
}
