import type { DmService } from '../dm/dmService';
import type { DmMessage } from '../dm/model/message';

/** How far back into each conversation the commands look when they search the archive. */
const SCAN_LIMIT = 500;

/** A message of the archive by id, in the given conversation if known, else in any (newest conversations first). */
export function findMessage(dm: DmService, eventId: string, conversationId?: string): DmMessage | undefined {
  const ids = conversationId ? [conversationId] : dm.conversations().map((c) => c.id);
  for (const id of ids) {
    const found = dm.thread(id, { limit: SCAN_LIMIT }).items.find((i): i is DmMessage => i.type === 'message' && i.id === eventId);
    if (found) return found;
  }
  return undefined;
}

/** The signed-in user's recent sent messages across conversations, newest first. */
export function recentOwnMessages(dm: DmService, max = 50, perConversation = 20): DmMessage[] {
  const mine: DmMessage[] = [];
  for (const c of dm.conversations().slice(0, max)) {
    for (const item of dm.thread(c.id, { limit: perConversation }).items) {
      if (item.type === 'message' && item.fromMe && item.status === 'sent') mine.push(item);
    }
  }
  return mine.sort((a, b) => b.createdAt - a.createdAt).slice(0, max);
}
