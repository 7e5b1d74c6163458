import { format } from '../../src/protocol/strings';
import type { WebviewStrings } from '../../src/protocol/strings';
import type { ConversationVM } from '../../src/protocol/viewModels';

/** The row's secondary line: the last message ("You: …" for mine), or for a locked conversation that it is locked. */
export function previewLine(conversation: ConversationVM, s: WebviewStrings): string {
  if (conversation.locked) return s.lockedPreview;
  return conversation.previewFromMe ? format(s.youPrefix, conversation.preview) : conversation.preview;
}

/**
 * What a screen reader says for a row: "Ada Lovelace, @ada_codes, encrypted, muted, 2 unread, last message 5 min ago:
 * See you". A locked row has no text to read: "…, encrypted, locked, 1 unread, last activity 5 min ago".
 */
export function conversationRowLabel(conversation: ConversationVM, when: string, s: WebviewStrings): string {
  const unread = conversation.unread > 0 ? format(s.unreadCount, conversation.unread) : '';
  const preview = conversation.locked ? '' : previewLine(conversation, s);
  const last = conversation.locked ? format(s.lastActivity, when) : preview ? format(s.lastMessage, when, preview) : '';
  const flags = [
    conversation.encrypted || conversation.locked ? s.encrypted : '',
    conversation.locked ? s.locked : '',
    conversation.blocked ? s.blocked : '',
    conversation.muted ? s.muted : '',
  ];
  return [conversation.title, conversation.subtitle, ...flags, unread, last].filter(Boolean).join(', ');
}
