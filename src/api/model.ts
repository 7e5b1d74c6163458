/** Types of the API client that have no response schema (what it sends, and its rate-limit bookkeeping). */
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
