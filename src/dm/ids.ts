/**
 * X's ids are snowflakes: decimal strings of up to 19 digits that grow with time. Comparing them as strings
 * (length first, then lexicographically) orders them exactly like the numbers without BigInt allocations, which
 * matters when sorting 100,000 archived events.
 */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareIds(a, b) >= 0 ? a : b;
}

/** X names a 1:1 conversation `smallerUserId-largerUserId`; group conversations have a single numeric id. */
export function directConversationId(userA: string, userB: string): string {
  return compareIds(userA, userB) <= 0 ? `${userA}-${userB}` : `${userB}-${userA}`;
}

export function isDirectConversationId(conversationId: string): boolean {
  return /^[0-9]{1,19}-[0-9]{1,19}$/.test(conversationId);
}

/** The other person of a 1:1 conversation id, seen from `meId`. A conversation with oneself yields `meId`. */
export function partnerIdOf(conversationId: string, meId: string): string | undefined {
  if (!isDirectConversationId(conversationId)) return undefined;
  const [a, b] = conversationId.split('-') as [string, string];
  return a === meId ? b : b === meId ? a : undefined;
}
