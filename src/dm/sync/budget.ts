import type { RateLimitBook } from '../../api/dmApi';
import type { EndpointKey } from '../../api/model';

/** Endpoint templates as `src/api` keys its rate-limit book. */
export const DM_EVENTS_ENDPOINT: EndpointKey = 'GET /2/dm_events';
export const CONVERSATION_EVENTS_ENDPOINT: EndpointKey = 'GET /2/dm_conversations/:dm_conversation_id/dm_events';

/**
 * Whether one more request to `endpoint` fits the budget X announced in its headers. `reserve` keeps that many
 * requests back (polling leaves one for a manual refresh). Unknown budget (no answer yet) means go ahead: X's
 * first answer fills the book. Returns the epoch ms when the budget frees up, or undefined when a request may go.
 */
export function blockedUntil(book: RateLimitBook, endpoint: EndpointKey, now: number, reserve = 0): number | undefined {
  const info = book.get(endpoint);
  if (!info) return undefined;
  if (info.day && info.day.remaining <= 0 && info.day.resetAt > now) return info.day.resetAt;
  if (info.resetAt <= now) return undefined; // the window has rolled over since X last told us
  return info.remaining <= reserve ? info.resetAt : undefined;
}

/**
 * How long to wait between polls so that the remaining budget lasts until the reset: never faster than
 * `(resetAt − now) / remaining`, never faster than the configured interval.
 */
export function pacedDelay(book: RateLimitBook, endpoint: EndpointKey, now: number, intervalMs: number, reserve = 1): number {
  const info = book.get(endpoint);
  if (!info || info.resetAt <= now) return intervalMs;
  const usable = info.remaining - reserve;
  if (usable <= 0) return Math.max(intervalMs, info.resetAt - now + 1000);
  return Math.max(intervalMs, Math.ceil((info.resetAt - now) / usable));
}
