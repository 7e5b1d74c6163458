import type { XUser } from '../../api/schemas/user';
import type { EventRec, OutboxEntry } from './schema';
import type { Conversation } from '../model/conversation';
import { compareIds, isDirectConversationId, partnerIdOf } from '../model/ids';
import type { DmStrings } from '../strings';
import { truncateGraphemes } from '../../util/plainText';
import { displayName, personOf, placeholderPerson, type Person } from '../model/person';

/**
 * Conversations derived from archived events — pure functions, no I/O. X has no "list conversations" endpoint
 * and no read state, so everything here comes from the events the archive has seen plus local read marks.
 */
export interface ConversationInput {
  conversationId: string;
  /** Oldest first. */
  events: readonly EventRec[];
  meId: string;
  users: ReadonlyMap<string, XUser>;
  readMark?: string;
  /** The user chose "Mark as Unread" after last reading it: counts as at least one unread. */
  markedUnread?: boolean;
  /** Unsent or unconfirmed messages of this conversation. */
  outbox: readonly OutboxEntry[];
  strings: DmStrings;
}

const PREVIEW_LENGTH = 80;


/** Everyone but me: the 1:1 partner from the id, or group members from joins, leaves and senders (in order). */
export function participantIds(conversationId: string, events: readonly EventRec[], meId: string): string[] {
  const partner = partnerIdOf(conversationId, meId);
  if (partner !== undefined) return partner === meId ? [] : [partner];
  if (isDirectConversationId(conversationId)) return conversationId.split('-').filter((id) => id !== meId);
  const members = new Set<string>();
  for (const e of events) {
    if (e.t === 1) for (const id of e.p ?? []) members.add(id);
    else if (e.t === 2) for (const id of e.p ?? (e.s ? [e.s] : [])) members.delete(id);
    else {
      if (e.s) members.add(e.s);
      // The group's creation message, sent from here, names the people it was created with.
      for (const id of e.p ?? []) members.add(id);
    }
  }
  members.delete(meId);
  return [...members];
}

export function conversationTitle(ids: string[], users: ReadonlyMap<string, XUser>, strings: DmStrings): string {
  if (ids.length === 0) return strings.you;
  const names = ids.slice(0, 3).map((id) => displayName(users.get(id), id));
  return ids.length > 3 ? `${names.join(', ')} ${strings.and(ids.length - 3)}` : names.join(', ');
}

export function shorten(text: string, max = PREVIEW_LENGTH): string {
  return truncateGraphemes(text.replace(/\s+/g, ' ').trim(), max);
}

export function systemLineText(e: EventRec, users: ReadonlyMap<string, XUser>, strings: DmStrings): string {
  const ids = e.p ?? (e.s ? [e.s] : []);
  const names = ids.map((id) => displayName(users.get(id), id)).join(', ');
  return e.t === 1 ? strings.joined(names) : strings.left(names);
}

/** The newest own message counts as a read mark too: answering a conversation means you have read it. */
export function effectiveReadMark(events: readonly EventRec[], meId: string, readMark?: string): string | undefined {
  const mark = readMark;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as EventRec;
    if (mark !== undefined && compareIds(e.i, mark) <= 0) break;
    if (e.t === 0 && e.s === meId) return e.i;
  }
  return mark;
}

export function unreadCount(events: readonly EventRec[], meId: string, readMark?: string): number {
  const mark = effectiveReadMark(events, meId, readMark);
  let count = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as EventRec;
    if (mark !== undefined && compareIds(e.i, mark) <= 0) break;
    if (e.t === 0 && e.s !== meId) count += 1;
  }
  return count;
}

export function summarizeConversation(input: ConversationInput): Conversation | undefined {
  const { conversationId, events, meId, users, strings } = input;
  const last = events[events.length - 1];
  const pending = input.outbox.reduce<OutboxEntry | undefined>(
    (newest, o) => (!newest || o.createdAt > newest.createdAt ? o : newest),
    undefined,
  );
  if (!last && !pending) return undefined;
  const ids = participantIds(conversationId, events, meId);
  const participants = ids.map((id) => personOrPlaceholder(users.get(id), id));
  const direct = isDirectConversationId(conversationId);
  let preview = '';
  let previewFromMe = false;
  let lastActivityAt = last?.a ?? 0;
  if (pending && pending.createdAt >= lastActivityAt) {
    preview = shorten(pending.text);
    previewFromMe = true;
    lastActivityAt = pending.createdAt;
  } else if (last) {
    previewFromMe = last.s === meId;
    preview =
      last.t === 0
        ? shorten(last.x ?? '') || (last.m?.length ? strings.attachment : '')
        : shorten(systemLineText(last, users, strings));
  }
  const summary: Conversation = {
    id: conversationId,
    kind: direct ? 'direct' : 'group',
    title: conversationTitle(ids, users, strings),
    participants,
    lastActivityAt,
    preview,
    previewFromMe,
    unread: Math.max(unreadCount(events, meId, input.readMark), input.markedUnread ? 1 : 0),
  };
  if (direct && participants[0]) summary.partner = participants[0];
  return summary;
}

/** Newest activity first; ties broken by id so the order is stable. */
export function sortConversations(list: Conversation[]): Conversation[] {
  return list.sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function personOrPlaceholder(user: XUser | undefined, id: string): Person {
  return user ? personOf(user) : placeholderPerson(id);
}
