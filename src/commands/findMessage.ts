import type { DmService } from '../dm/dmService';
import type { DmMessage } from '../dm/model/message';
import { parseMessageCommandArg } from '../protocol/messageCommandArgs';

/** How far back into each conversation the commands look when they search the archive. */
const SCAN_LIMIT = 500;

type ArchiveReader = Pick<DmService, 'archiveLoaded' | 'conversations' | 'thread'>;

/** A message of the archive by id, in the given conversation if known, else in any (newest conversations first). */
export async function findMessage(dm: ArchiveReader, eventId: string, conversationId?: string): Promise<DmMessage | undefined> {
  // Threads still on disk are empty in memory until the whole archive has loaded.
  await dm.archiveLoaded();
  const ids = conversationId ? [conversationId] : dm.conversations().map((c) => c.id);
  for (const id of ids) {
    const found = dm.thread(id, { limit: SCAN_LIMIT }).items.find((i): i is DmMessage => i.type === 'message' && i.id === eventId);
    if (found) return found;
  }
  return undefined;
}

/** The signed-in user's recent sent messages across conversations, newest first. */
export async function recentOwnMessages(dm: ArchiveReader, max = 50, perConversation = 20): Promise<DmMessage[]> {
  await dm.archiveLoaded();
  const mine: DmMessage[] = [];
  for (const c of dm.conversations().slice(0, max)) {
    for (const item of dm.thread(c.id, { limit: perConversation }).items) {
      if (item.type === 'message' && item.fromMe && item.status === 'sent') mine.push(item);
    }
  }
  return mine.sort((a, b) => b.createdAt - a.createdAt).slice(0, max);
}

/** The archived text of the message a command argument names by id; text the argument itself carries is ignored. */
export async function archivedTextFor(dm: ArchiveReader, arg: unknown): Promise<string | undefined> {
  const { eventId, conversationId } = parseMessageCommandArg(arg);
  return eventId ? (await findMessage(dm, eventId, conversationId))?.text : undefined;
}
