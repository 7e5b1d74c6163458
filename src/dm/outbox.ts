import { isXApiError } from '../api/errors';
import type { OutboxEntry } from './archive/schema';
import type { DmMessage } from './model/message';
import type { SendTarget } from './model/sendTarget';
import { directConversationId, isDirectConversationId } from './model/ids';

/**
 * The outbox's rules, free of I/O: how a send attempt is recorded, how a failure is classified, and how a message
 * that may have been sent is matched against what a later sync found — so an ambiguous failure (timeout, connection
 * lost after the request left, 5xx) is resolved by reading, never by sending the same text a second time.
 */
export const RECONCILE_BEFORE_MS = 5 * 60 * 1000;
export const RECONCILE_AFTER_MS = 15 * 60 * 1000;
/** A complete sync this long after an ambiguous failure that did not find the message means it never arrived. */
export const GIVE_UP_AFTER_MS = 2 * 60 * 1000;

const ASK_FIRST = 'Check asks X before anything is sent again.';
export const NOT_DELIVERED_REASON = 'X does not have this message: it was not sent. Retry sends it.';
/** Earlier versions gave up on exact-text matches only, so some of their "not received" were delivered after all. */
const GAVE_UP_REASONS: ReadonlySet<string> = new Set([NOT_DELIVERED_REASON, 'X did not receive this message. Retry to send it again.']);

/** `failed` because no copy was found (not because X refused): a copy that turns up later still counts as sent. */
export function gaveUp(entry: OutboxEntry): boolean {
  return entry.status === 'failed' && entry.reason !== undefined && GAVE_UP_REASONS.has(entry.reason);
}
export const INTERRUPTED_REASON = `Sending was interrupted when the window closed; the message may have been sent. ${ASK_FIRST}`;
export const NO_ANSWER_YET_REASON = `X has not answered yet; the message may have been sent. ${ASK_FIRST}`;
export const TIMEOUT_REASON = `X did not answer in time; the message may have been sent. ${ASK_FIRST}`;
export const CONNECTION_LOST_REASON = `The connection to X broke after the message left; it may have arrived. ${ASK_FIRST}`;
export const SERVER_ERROR_REASON = `X reported a problem after receiving the message; it may have been sent. ${ASK_FIRST}`;
export const UNKNOWN_REASON = `Something went wrong after the message left; it may have been sent. ${ASK_FIRST}`;
export const NOT_SEEN_YET_REASON =
  'X does not show this message yet. Check again in two minutes: if it is still missing then, it can be sent again.';
export const CHECKING_REASON = 'Asking X whether it arrived…';
export const CHECK_UNAVAILABLE_REASON = `Could not ask X right now; the message may have been sent. ${ASK_FIRST}`;
export const STILL_SENDING_REASON = `Still waiting for X's answer; the message may have been sent. ${ASK_FIRST}`;

export function conversationIdFor(target: SendTarget, meId: string): string | undefined {
  if ('conversationId' in target) return target.conversationId;
  if ('participantId' in target) return directConversationId(meId, target.participantId);
  return undefined;
}

export type OutboxMedia = NonNullable<OutboxEntry['media']>;

/** X's media key for an uploaded media id: the prefix says the kind (3 photo, 16 animated GIF, 7 video). */
export function mediaKeyOf(media: OutboxMedia): string {
  return `${media.category === 'dm_gif' ? '16' : media.category === 'dm_video' ? '7' : '3'}_${media.id}`;
}

export function mediaTypeOf(media: OutboxMedia): string {
  return media.category === 'dm_gif' ? 'animated_gif' : media.category === 'dm_video' ? 'video' : 'photo';
}

export function newOutboxEntry(
  target: SendTarget,
  text: string,
  meId: string,
  now: number,
  localId: string,
  media?: OutboxMedia,
): OutboxEntry {
  const conversationId = conversationIdFor(target, meId);
  return {
    ...(media ? { media } : {}),
    localId,
    target,
    ...(conversationId !== undefined ? { conversationId } : {}),
    senderId: meId,
    text,
    createdAt: now,
    updatedAt: now,
    status: 'pending',
    attempts: 1,
  };
}

export type FailureClass = { status: 'failed' | 'unconfirmed'; reason: string };

/**
 * Definite refusals (any 4xx, a request that never left) keep the text for a retry with X's reason; anything that
 * may have reached X is "may have been sent" with a reason of its own — never the error's "try again".
 */
export function classifySendFailure(error: unknown): FailureClass {
  if (!isXApiError(error)) return { status: 'unconfirmed', reason: UNKNOWN_REASON };
  if (!error.mayHaveReachedServer) return { status: 'failed', reason: error.userMessage };
  switch (error.kind) {
    case 'timeout':
      return { status: 'unconfirmed', reason: TIMEOUT_REASON };
    case 'server':
      return { status: 'unconfirmed', reason: SERVER_ERROR_REASON };
    case 'network':
    case 'cancelled':
      return { status: 'unconfirmed', reason: CONNECTION_LOST_REASON };
    default:
      // X answered with a status that says it refused (a 4xx, 429): nothing was stored.
      return error.status !== undefined && error.status >= 400 && error.status < 500
        ? { status: 'failed', reason: error.userMessage }
        : { status: 'unconfirmed', reason: UNKNOWN_REASON };
  }
}

const URL_IN_TEXT = /https?:\/\/[^\s]+/g;
const ESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/**
 * The text as X may give it back: the client sends NFC, X replaces every URL with a t.co link and may HTML-escape
 * `&<>`; line endings and surrounding whitespace are not significant. URLs compare as "a link" whatever they say.
 */
export function comparableText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/&(?:amp|lt|gt);/g, (entity) => ESCAPES[entity] ?? entity)
    .replace(/\r\n?/g, '\n')
    .replace(URL_IN_TEXT, '\u0000link\u0000')
    .trim();
}

/**
 * Finds, for each entry that may have been sent, an archived message of mine that is the same send. An entry with
 * an attachment is matched by its media id (unique to that upload, whatever X did to the text).
 */
export function reconcile(entries: Iterable<OutboxEntry>, candidates: Iterable<DmMessage>, meId: string): Map<string, string> {
  const open = [...entries].filter((e) => e.status !== 'failed' || gaveUp(e));
  const matches = new Map<string, string>();
  if (open.length === 0) return matches;
  const used = new Set<string>();
  const mine = [...candidates].filter((e) => e.senderId === meId).map((e) => ({ e, text: comparableText(e.text) }));
  for (const entry of open.sort((a, b) => a.createdAt - b.createdAt)) {
    const text = comparableText(entry.text);
    const media = entry.media;
    const hit = mine.find(
      ({ e, text: candidate }) =>
        !used.has(e.id) &&
        (media ? e.attachments.some((a) => a.mediaKey.split('_').pop() === media.id) : candidate === text) &&
        e.createdAt >= entry.createdAt - RECONCILE_BEFORE_MS &&
        e.createdAt <= entry.updatedAt + RECONCILE_AFTER_MS &&
        (entry.conversationId !== undefined ? e.conversationId === entry.conversationId : !isDirectConversationId(e.conversationId)),
    );
    if (hit) {
      used.add(hit.e.id);
      matches.set(entry.localId, hit.e.id);
    }
  }
  return matches;
}
