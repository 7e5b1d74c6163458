/**
 * X's DM domain objects as `src/api` hands them to the rest of the extension: X API 2.166 field names, with the
 * 2.167 renames (`post.fields`, `referenced_posts`) folded back into the 2.166 names by the response schemas.
 * These are plain data (JSON-serialisable) so that the archive can store them as received.
 */
export type DmEventType = 'MessageCreate' | 'ParticipantsJoin' | 'ParticipantsLeave';

export interface DmEvent {
  id: string;
  event_type: DmEventType;
  text?: string;
  sender_id?: string;
  dm_conversation_id?: string;
  /** ISO 8601 timestamp. */
  created_at?: string;
  participant_ids?: string[];
  attachments?: { media_keys?: string[]; card_ids?: string[] };
  referenced_tweets?: { id: string }[];
  /** The t.co links in `text` (2.166 sends them as `urls`, 2.167 as `entities.urls`; both end up here). */
  urls?: DmUrlEntity[];
}

/** One link X put into DM text: `url` is the t.co link as it appears in `text`. */
export interface DmUrlEntity {
  start: number;
  end: number;
  url: string;
  expanded_url?: string;
  display_url?: string;
}

export interface XUser {
  id: string;
  username: string;
  name: string;
  profile_image_url?: string;
  receives_your_dm?: boolean;
  protected?: boolean;
  verified?: boolean;
}

export interface XPost {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
}

export interface XMedia {
  media_key: string;
  type: string;
  url?: string;
  preview_image_url?: string;
  width?: number;
  height?: number;
  alt_text?: string;
}

export interface Includes {
  users: XUser[];
  tweets: XPost[];
  media: XMedia[];
}

/** A Problem that X returned inside a 200 next to the data (partial errors). */
export interface PartialError {
  title: string;
  detail?: string;
  type?: string;
  resource_id?: string;
  resource_type?: string;
  parameter?: string;
  value?: string;
}

export interface DmEventsPage {
  events: DmEvent[];
  includes: Includes;
  resultCount: number;
  nextToken?: string;
  previousToken?: string;
  partialErrors: PartialError[];
}

/**
 * X's answer to a send. Any 2xx means X took the message; when its body did not fit the schema, the ids that could
 * not be read are missing and `unreadable` says what was wrong (for the log; the message still counts as sent).
 */
export interface SendResult {
  dm_conversation_id?: string;
  dm_event_id?: string;
  unreadable?: string;
}

/** What to send: text and/or one previously uploaded media id (X allows at most one attachment). */
export interface OutgoingMessage {
  text?: string;
  mediaId?: string;
}

/** Rate-limit state of one endpoint, read from `x-rate-limit-*` and the 24-hour headers. */
export interface RateLimitInfo {
  endpoint: EndpointKey;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the 15-minute window resets. */
  resetAt: number;
  day?: { limit: number; remaining: number; resetAt: number };
}

/**
 * One rate-limit bucket per endpoint template, e.g. `GET /2/dm_events`,
 * `GET /2/dm_conversations/:dm_conversation_id/dm_events`, `POST /2/dm_conversations/with/:participant_id/messages`.
 */
export type EndpointKey = string;
