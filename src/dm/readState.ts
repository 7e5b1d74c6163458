import type { ArchiveRecord, MarkedUnread } from './archive/schema';
import { compareIds } from './model/ids';

/**
 * What reading a conversation writes: the read mark moved to its newest event (marks only move forward), and a
 * "Mark as Unread" flag cleared. Empty when both are already so, so reading twice writes nothing.
 */
export function readRecords(
  state: { readMarks: ReadonlyMap<string, string>; markedUnread: ReadonlyMap<string, MarkedUnread> },
  /** The conversation's newest event id (from the index while its thread is still on disk). */
  newestId: string | undefined,
  conversationId: string,
  now: number,
): ArchiveRecord[] {
  const records: ArchiveRecord[] = [];
  const current = state.readMarks.get(conversationId);
  if (newestId !== undefined && (current === undefined || compareIds(current, newestId) < 0)) records.push({ k: 'r', c: conversationId, id: newestId });
  const flag = state.markedUnread.get(conversationId);
  // `at` after the flag's own, so this clear wins over it in every window's replay even with a skewed clock.
  if (flag?.on) records.push({ k: 'mu', c: conversationId, u: { at: Math.max(now, flag.at + 1), on: false } });
  return records;
}
