import type { ConversationIndexEntry } from './conversationIndex';
import type { EventRec } from './schema';
import { summarizeConversation, unreadCount, type ConversationInput } from './conversationModel';
import type { Conversation } from '../model/conversation';
import { compareIds } from '../model/ids';

const byId = (a: EventRec, b: EventRec): number => compareIds(a.i, b.i);

/**
 * A conversation's summary while its thread is still on disk: its index entry (newest event, group members,
 * unread candidates) with the events that came after the snapshot (`loaded`: the log tail, other windows,
 * sync) on top, through the same rules as `summarizeConversation`, so the list does not change once the
 * thread is in. `isDeleted`: a deletion recorded after the snapshot hides its newest event too.
 */
export function summarizeIndexed(
  entry: ConversationIndexEntry,
  loaded: readonly EventRec[],
  input: Omit<ConversationInput, 'events' | 'conversationId'>,
  isDeleted: (eventId: string) => boolean,
): Conversation | undefined {
  const real: EventRec[] = [...loaded];
  if (!isDeleted(entry.last.i) && !loaded.some((e) => e.i === entry.last.i)) real.push(entry.last);
  if (loaded.length > 0) real.sort(byId);
  // Group members as of the snapshot, as one join before everything else, so later joins and leaves apply.
  const events = entry.g && real.length > 0 ? [{ i: '0', t: 1 as const, c: entry.c, a: 0, p: entry.g }, ...real] : real;
  const summary = summarizeConversation({ ...input, conversationId: entry.c, events });
  if (!summary) return undefined;
  // Unread: the marks and candidates the snapshot derived, with what came since.
  if (loaded.length === 0 && entry.r === undefined && input.readMark === undefined) {
    // Nothing since the snapshot and no mark: every candidate is unread (the common cold-start case).
    summary.unread = Math.max((entry.u ?? []).filter((u) => !isDeleted(u)).length, input.markedUnread ? 1 : 0);
    return summary;
  }
  const marks: EventRec[] = [...loaded];
  const seen = new Set(loaded.map((e) => e.i));
  if (entry.r !== undefined && !seen.has(entry.r)) marks.push({ i: entry.r, t: 0, c: entry.c, a: 0, s: input.meId });
  for (const u of entry.u ?? []) if (!isDeleted(u) && !seen.has(u)) marks.push({ i: u, t: 0, c: entry.c, a: 0, s: '' });
  marks.sort(byId);
  // "Mark as Unread" counts at least one, as in summarizeConversation.
  summary.unread = Math.max(unreadCount(marks, input.meId, input.readMark), input.markedUnread ? 1 : 0);
  return summary;
}
