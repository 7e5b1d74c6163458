import type { MessageVM, ThreadVM } from '../../src/protocol/viewModels';
import { integrityNotice } from './integrity';
import type { IntegrityStrings } from './integrity';

/**
 * What the polite live region says on a thread update: messages from others new since the previous update. Opening,
 * loading older history and my own sends announce nothing (the user caused them).
 */
export function arrivedMessages(previous: ThreadVM | undefined, next: ThreadVM): MessageVM[] {
  // No previous items: the header painted while the conversation loads, so this update is the opening itself.
  if (!previous || previous.conversationId !== next.conversationId || previous.items.length === 0) return [];
  const known = new Set(previous.items.map((item) => item.id));
  const newestBefore = previous.items.at(-1)?.createdAt ?? Number.NEGATIVE_INFINITY;
  return next.items.filter(
    (item): item is MessageVM => item.type === 'message' && !item.fromMe && !known.has(item.id) && item.createdAt >= newestBefore,
  );
}

/**
 * One line per arrival, newest last; a burst is cut to its last three so the screen reader is not flooded. An X Chat
 * message that could not be verified or decrypted is announced by its notice, never as its text.
 */
export function announcementText(
  messages: MessageVM[],
  template: string,
  attachmentWord: string,
  format: (t: string, ...a: string[]) => string,
  notices: IntegrityStrings,
): string {
  return messages
    .slice(-3)
    .map((m) => format(template, m.senderName, integrityNotice(m, notices) ?? (m.text || attachmentWord)))
    .join('\n');
}
