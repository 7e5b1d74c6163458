import type { EventRec } from './schema';
import type { Conversation } from '../model/conversation';

/**
 * Conversation search over names, @usernames and message text of the whole archive. A linear scan: 100,000
 * short texts take a few milliseconds, far less than keeping an inverted index in memory would cost in heap.
 */
export function normalizeQuery(query: string): string {
  return query.trim().replace(/^@/, '').toLowerCase();
}

export function matchesPeople(summary: Conversation, q: string): boolean {
  if (summary.title.toLowerCase().includes(q)) return true;
  return summary.participants.some((u) => u.name.toLowerCase().includes(q) || u.username.toLowerCase().includes(q));
}

export function matchesText(events: readonly EventRec[], q: string): boolean {
  for (let i = events.length - 1; i >= 0; i--) {
    const text = (events[i] as EventRec).x;
    if (text !== undefined && text.toLowerCase().includes(q)) return true;
  }
  return false;
}

export function searchConversations(
  summaries: readonly Conversation[],
  eventsOf: (conversationId: string) => readonly EventRec[],
  query: string,
): Conversation[] {
  const q = normalizeQuery(query);
  if (!q) return [...summaries];
  return summaries.filter((s) => matchesPeople(s, q) || matchesText(eventsOf(s.id), q));
}
