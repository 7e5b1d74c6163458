import type { ChatConversationWire } from '../api/schemas';

/**
 * Which conversations a sync reads: those whose `updated_at` differs from the one seen when their events were last
 * read. A conversation whose `updated_at` X did not return is always read (nothing proves it unchanged). Pure.
 */
export function conversationsToRead(listed: readonly ChatConversationWire[], seen: ReadonlyMap<string, number>): string[] {
  return listed.filter((c) => c.updated_at === undefined || seen.get(c.id) !== c.updated_at).map((c) => c.id);
}

/** Everyone whose signing key is needed to verify a conversation's events (us included). */
export function membersOf(wire: ChatConversationWire | undefined, conversationId: string, meId: string): string[] {
  const listed = wire?.participant_ids ?? wire?.member_ids;
  const ids = listed ?? (conversationId.startsWith('g') ? [] : conversationId.split('-'));
  return [...new Set([...ids, meId])];
}

/** The API id of the 1:1 between two users: numerically smaller id first. */
export function directChatId(a: string, b: string): string {
  const [low, high] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
  return `${low}-${high}`;
}

/** Conversations that appeared, went, or whose listed metadata changed between two listings. Pure. */
export function listChanges(before: readonly ChatConversationWire[], after: readonly ChatConversationWire[]): string[] {
  const old = new Map(before.map((c) => [c.id, JSON.stringify(c)]));
  const changed = after.filter((c) => old.get(c.id) !== JSON.stringify(c)).map((c) => c.id);
  const present = new Set(after.map((c) => c.id));
  return [...changed, ...before.filter((c) => !present.has(c.id)).map((c) => c.id)];
}
