import type { XMedia } from '../../api/schemas/dmMedia';
import type { XPost } from '../../api/schemas/post';
import type { XUser } from '../../api/schemas/user';
import type { EventRec, OutboxEntry } from './schema';
import type { ReferencedPost, Attachment, DmItem, DmMessage } from '../model/message';
import type { ThreadSlice } from '../model/conversation';
import { compareIds } from '../model/ids';
import { personOf } from '../model/person';
import { mediaKeyOf, mediaTypeOf } from '../outbox';

/** One conversation's items for the thread view — pure, paged from the newest end (the view scrolls upwards). */
/** What turns an archived event into a domain item: who "me" is and the includes it refers to. */
export interface ItemContext {
  meId: string;
  users: ReadonlyMap<string, XUser>;
  media: ReadonlyMap<string, XMedia>;
  posts: ReadonlyMap<string, XPost>;
}

export interface ThreadInput extends ItemContext {
  conversationId: string;
  events: readonly EventRec[];
  outbox: readonly OutboxEntry[];
  /** True until X said there is nothing older for this conversation. */
  mayHaveOlderAtX: boolean;
}

export const DEFAULT_THREAD_LIMIT = 50;

export function buildThread(input: ThreadInput, options: { beforeId?: string; limit?: number } = {}): ThreadSlice {
  const limit = Math.max(1, options.limit ?? DEFAULT_THREAD_LIMIT);
  const { events } = input;
  const end = options.beforeId === undefined ? events.length : lowerBound(events, options.beforeId);
  const start = Math.max(0, end - limit);
  const items: DmItem[] = [];
  for (let i = start; i < end; i++) items.push(itemOf(events[i] as EventRec, input));
  // Outbox entries are newer than anything archived, so they belong to the first (newest) page only.
  if (options.beforeId === undefined) {
    for (const entry of [...input.outbox].sort((a, b) => a.createdAt - b.createdAt)) items.push(outboxItem(entry, input.meId));
  }
  return { items, hasOlderInArchive: start > 0, mayHaveOlderAtX: input.mayHaveOlderAtX };
}

/** Index of the first event whose id is ≥ `id` (events sorted ascending). */
function lowerBound(events: readonly EventRec[], id: string): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareIds((events[mid] as EventRec).i, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function itemOf(e: EventRec, input: ItemContext): DmItem {
  if (e.t === 0) return messageOf(e, input);
  return {
    type: 'system',
    id: e.i,
    conversationId: e.c,
    kind: e.t === 1 ? 'join' : 'leave',
    userIds: e.p ?? (e.s ? [e.s] : []),
    createdAt: e.a,
  };
}

/** An archived MessageCreate event as a domain message. */
export function messageOf(e: EventRec, input: ItemContext): DmMessage {
  const message: DmMessage = {
    type: 'message',
    id: e.i,
    conversationId: e.c,
    senderId: e.s ?? '',
    fromMe: e.s === input.meId,
    text: e.x ?? '',
    createdAt: e.a,
    status: 'sent',
    attachments: (e.m ?? []).map((key) => attachment(key, e.i, input.media)),
    referencedPosts: (e.r ?? []).flatMap((id) => referencedPost(id, input)),
  };
  if (e.l?.length) {
    message.links = e.l.map((l) => ({
      url: l.u,
      ...(l.x !== undefined ? { expandedUrl: l.x } : {}),
      ...(l.d !== undefined ? { displayUrl: l.d } : {}),
    }));
  }
  return message;
}

function attachment(mediaKey: string, dmEventId: string, media: ReadonlyMap<string, XMedia>): Attachment {
  const m = media.get(mediaKey);
  const result: Attachment = { mediaKey, type: m?.type ?? 'photo', dmEventId };
  if (m?.width !== undefined) result.width = m.width;
  if (m?.height !== undefined) result.height = m.height;
  if (m?.alt_text !== undefined) result.altText = m.alt_text;
  return result;
}

function referencedPost(id: string, input: ItemContext): ReferencedPost[] {
  const post = input.posts.get(id);
  if (!post) return [];
  const author = post.author_id ? input.users.get(post.author_id) : undefined;
  const url = `https://x.com/${author?.username || 'i'}/status/${post.id}`;
  const result: ReferencedPost = { id: post.id, text: post.text, url };
  if (post.author_id !== undefined) result.authorId = post.author_id;
  if (author) result.author = personOf(author);
  return [result];
}

export function outboxItem(entry: OutboxEntry, meId: string): DmMessage {
  const item: DmMessage = {
    type: 'message',
    id: entry.localId,
    localId: entry.localId,
    conversationId: entry.conversationId ?? entry.localId,
    senderId: meId,
    fromMe: true,
    text: entry.text,
    createdAt: entry.createdAt,
    // X took it (2xx) but its copy has not been synced yet: sent all the same.
    status: entry.accepted ? 'sent' : entry.status,
    // Shown from the bytes this window still holds (src/views/mediaCache.ts); no event id exists yet.
    attachments: entry.media
      ? [{ mediaKey: mediaKeyOf(entry.media), type: mediaTypeOf(entry.media), dmEventId: entry.localId, ...(entry.media.altText ? { altText: entry.media.altText } : {}) }]
      : [],
    referencedPosts: [],
  };
  if (entry.reason !== undefined && !entry.accepted) item.statusReason = entry.reason;
  return item;
}
