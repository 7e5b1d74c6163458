import type { XUser } from '../api/schemas/user';
import { conversationTitle, shorten } from '../dm/archive/conversationModel';
import type { Conversation } from '../dm/model/conversation';
import { compareIds, partnerIdOf } from '../dm/model/ids';
import type { DmMessage } from '../dm/model/message';
import { personOf, placeholderPerson } from '../dm/model/person';
import type { DmStrings } from '../dm/strings';
import type { ChatConversationWire } from './api/schemas';

/**
 * One X Chat conversation of `GET /2/chat/conversations` as the list shows it. X's 2.167 contract has no unread
 * count, so unread is derived like legacy DMs: messages by others after our own seen-until marker (the sequence id
 * we last sent to `…/read`), where our newest own message also counts as a marker. Pure.
 */

export interface ChatConversationInput {
  wire: ChatConversationWire;
  meId: string;
  /** `includes.users` of the list page (and any other users already known). */
  users: ReadonlyMap<string, XUser>;
  strings: DmStrings;
  /** The decrypted messages known for this conversation, any order. */
  messages?: readonly DmMessage[];
  /** The last sequence id this device marked read. */
  seenUntil?: string;
}

function memberIds(wire: ChatConversationWire, meId: string): string[] {
  const listed = wire.participant_ids ?? wire.member_ids;
  const ids = listed ?? (partnerIdOf(wire.id, meId) !== undefined ? wire.id.split('-') : []);
  return [...new Set(ids)].filter((id) => id !== meId);
}

export function mapChatConversation(input: ChatConversationInput): Conversation {
  const { wire, meId, users } = input;
  const direct = !wire.id.startsWith('g');
  const ids = memberIds(wire, meId);
  const participants = ids.map((id) => {
    const user = users.get(id);
    return user ? personOf(user) : placeholderPerson(id);
  });
  const messages = [...(input.messages ?? [])].sort((a, b) => compareIds(a.id, b.id));
  const newest = messages[messages.length - 1];
  let mark = input.seenUntil;
  for (const m of messages) if (m.fromMe && (mark === undefined || compareIds(m.id, mark) > 0)) mark = m.id;
  const unread = messages.filter((m) => !m.fromMe && (mark === undefined || compareIds(m.id, mark) > 0)).length;
  const conversation: Conversation = {
    id: wire.id,
    kind: direct ? 'direct' : 'group',
    title: wire.group_name?.trim() ? shorten(wire.group_name) : conversationTitle(ids, users, input.strings),
    participants,
    lastActivityAt: Math.max(wire.updated_at ?? wire.created_at ?? 0, newest?.createdAt ?? 0),
    // A row that could not be trusted has no text to preview.
    preview: newest && newest.integrity === undefined ? shorten(newest.text) : '',
    previewFromMe: newest?.fromMe ?? false,
    unread,
  };
  if (direct && participants.length === 1) conversation.partner = participants[0];
  return conversation;
}
