import type { DmEventsPage } from '../../api/schemas/dmEvents';
import type { XUser } from '../../api/schemas/user';
import type { Logger } from '../../util/logger';
import { compareIds } from '../model/ids';
import { mediaKeyOf, mediaTypeOf } from '../outbox';
import { toEventRec } from './eventRec';
import type { ArchiveRecord, OutboxEntry } from './schema';
import type { ArchiveState } from './state';

/** The archive records each write adds: with the fold in state.ts, the only code that knows the on-disk keys. */

/** One page of X's answer: new events, and includes that add or change something. */
export function pageRecords(state: ArchiveState, page: DmEventsPage, now: number, logger: Logger): ArchiveRecord[] {
  const records: ArchiveRecord[] = [];
  for (const event of page.events) {
    if (state.hasEvent(event.id) || state.deleted.has(event.id)) continue;
    const rec = toEventRec(event, now);
    if (rec) records.push({ k: 'e', e: rec });
    else logger.debug(`DM event ${event.id} has no conversation id; not archived.`);
  }
  for (const user of page.includes.users) {
    if (!sameUser(state.users.get(user.id), user)) records.push({ k: 'u', u: user });
  }
  for (const media of page.includes.media) {
    const known = state.media.get(media.media_key);
    if (!known) records.push({ k: 'm', m: media });
    // A record the outbox wrote for a sent attachment has no URL yet: X's copy completes it, keeping the alt text.
    else if (known.url === undefined && media.url !== undefined) records.push({ k: 'm', m: { ...media, alt_text: media.alt_text ?? known.alt_text } });
  }
  for (const post of page.includes.tweets) {
    if (!state.posts.has(post.id)) records.push({ k: 'p', p: post });
  }
  return records;
}

/**
 * What reading a conversation writes: the read mark moved to its newest event (marks only move forward), and a
 * "Mark as Unread" flag cleared. Empty when both are already so, so reading twice writes nothing.
 */
export function readRecords(state: ArchiveState, newestId: string | undefined, conversationId: string, now: number): ArchiveRecord[] {
  const records: ArchiveRecord[] = [];
  const current = state.readMarks.get(conversationId);
  if (newestId !== undefined && (current === undefined || compareIds(current, newestId) < 0)) records.push({ k: 'r', c: conversationId, id: newestId });
  const flag = state.markedUnread.get(conversationId);
  // `at` after the flag's own, so this clear wins over it in every window's replay even with a skewed clock.
  if (flag?.on) records.push({ k: 'mu', c: conversationId, u: { at: Math.max(now, flag.at + 1), on: false } });
  return records;
}

/** X acknowledged an outbox entry: its own copy of the message (unless a sync brought X's first), then no entry. */
export function sentRecords(state: ArchiveState, entry: OutboxEntry, eventId: string, conversationId: string, now: number): ArchiveRecord[] {
  const records: ArchiveRecord[] = [{ k: 'ox', localId: entry.localId }];
  // A sync may have archived X's own copy (t.co links and all) while the answer was on its way.
  if (state.events.has(eventId)) return records;
  const media = entry.media;
  const m = media ? { m: [mediaKeyOf(media)] } : {};
  // A new group's first message keeps the people it was created with: until X's join event they are the only record.
  const p = 'groupParticipantIds' in entry.target ? { p: entry.target.groupParticipantIds } : {};
  records.unshift({ k: 'e', e: { i: eventId, t: 0, c: conversationId, s: entry.senderId, a: now, x: entry.text, ...m, ...p } });
  // Type and alt text until X's own media record (with its URL) arrives with the next sync.
  if (media && !state.media.has(mediaKeyOf(media))) {
    records.unshift({ k: 'm', m: { media_key: mediaKeyOf(media), type: mediaTypeOf(media), ...(media.altText ? { alt_text: media.altText } : {}) } });
  }
  return records;
}

function sameUser(a: XUser | undefined, b: XUser): boolean {
  if (!a) return false;
  return (
    a.name === b.name &&
    a.username === b.username &&
    a.profile_image_url === b.profile_image_url &&
    a.verified === b.verified &&
    a.protected === b.protected &&
    a.receives_your_dm === b.receives_your_dm
  );
}
