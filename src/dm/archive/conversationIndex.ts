import * as v from 'valibot';
import { effectiveReadMark, participantIds } from './conversationModel';
import { compareIds, isDirectConversationId } from '../model/ids';
import { conversationId, EventRecSchema, id, type EventRec } from './schema';

/**
 * One line of the conversation list, derived from a conversation's events when the snapshot is written, so a
 * cold start shows the list without reading any thread. Only what is derived from events lives here; state kept
 * per conversation by records (read marks, older-history cursors, any later per-conversation flag) stays in the
 * snapshot head beside it. New fields must be optional: valibot drops keys it does not know, so an older reader
 * ignores them.
 */
export const ConversationIndexSchema = v.object({
  c: conversationId,
  /** Number of events in the thread line. */
  n: v.number(),
  /** Byte offset and length of the thread line, from the byte after `"threads":[`. */
  o: v.number(),
  b: v.number(),
  /** The newest event: preview, time, who wrote it. */
  last: EventRecSchema,
  /** Group members other than the owner (absent for 1:1, whose members are in the id). */
  g: v.optional(v.array(id)),
  /** The effective read mark when written (the read mark, or the newest own message after it). */
  r: v.optional(id),
  /** Ids of others' messages after `r`, oldest first: the unread count, exact under later marks and messages. */
  u: v.optional(v.array(id)),
});
export type ConversationIndexEntry = v.InferOutput<typeof ConversationIndexSchema>;

/** `events` oldest first. */
export function buildIndexEntry(
  c: string,
  events: readonly EventRec[],
  me: string,
  readMark: string | undefined,
  where: { o: number; b: number },
): ConversationIndexEntry {
  const last = events[events.length - 1];
  if (!last) throw new Error(`conversation ${c} has no events to index`);
  const entry: ConversationIndexEntry = { c, n: events.length, ...where, last };
  if (!isDirectConversationId(c)) entry.g = participantIds(c, events, me);
  const mark = effectiveReadMark(events, me, readMark);
  if (mark !== undefined) entry.r = mark;
  const unread: string[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as EventRec;
    if (mark !== undefined && compareIds(e.i, mark) <= 0) break;
    if (e.t === 0 && e.s !== me) unread.push(e.i);
  }
  if (unread.length > 0) entry.u = unread.reverse();
  return entry;
}
