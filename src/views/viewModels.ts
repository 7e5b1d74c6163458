import type { Person } from '../dm/model/person';
import type { Conversation, ThreadSlice } from '../dm/model/conversation';
import type { DmService, SyncState } from '../dm/dmService';
import type { DmItem } from '../dm/model/message';
import type { ConversationVM, MessageVM, PersonVM, SyncVM, ThreadItemVM, ThreadVM } from '../protocol/viewModels';

/** Maps the DM service's data to the webview's view models. Pure, so it is unit-tested without VS Code. */

/** Only X's image host is allowed by the CSP; anything else would be a broken image (or a tracking pixel). */
export function avatarUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname === 'pbs.twimg.com' && parsed.username === '' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function personVM(person: Person): PersonVM {
  return { id: person.id, name: person.name, username: person.username, avatarUrl: avatarUrl(person.avatarUrl) };
}

/** `dm` adds the local flags (muted, blocked); without it the row shows none. */
export function conversationVM(summary: Conversation, dm?: Pick<DmService, 'isMuted' | 'isBlocked'>): ConversationVM {
  const others = summary.participants;
  const subtitle =
    summary.kind === 'direct'
      ? summary.partner
        ? `@${summary.partner.username}`
        : ''
      : others.map((user) => `@${user.username}`).join(', ');
  const avatarUser = summary.partner ?? (summary.kind === 'direct' ? others[0] : undefined);
  return {
    id: summary.id,
    kind: summary.kind,
    title: summary.title,
    subtitle,
    avatar: avatarUser ? personVM(avatarUser) : undefined,
    lastActivityAt: summary.lastActivityAt,
    // A locked X Chat row shows who and when only: no text, whatever the summary holds.
    preview: summary.locked ? '' : summary.preview,
    previewFromMe: summary.previewFromMe,
    unread: summary.unread,
    ...(dm?.isMuted(summary.id) ? { muted: true } : {}),
    ...(dm && summary.partner && dm.isBlocked(summary.partner.id) ? { blocked: true } : {}),
    ...(summary.encrypted ? { encrypted: true } : {}),
    ...(summary.locked ? { locked: true } : {}),
  };
}

export function threadItemVM(item: DmItem, dm: Pick<DmService, 'user' | 'me'>): ThreadItemVM {
  if (item.type === 'system') {
    return {
      type: 'system',
      id: item.id,
      kind: item.kind,
      names: item.userIds.map((id) => dm.user(id)?.name ?? id),
      createdAt: item.createdAt,
    };
  }
  const sender = item.fromMe ? dm.me : dm.user(item.senderId);
  const message: MessageVM = {
    type: 'message',
    id: item.id,
    localId: item.localId,
    senderId: item.senderId,
    senderName: sender?.name ?? item.senderId,
    senderUsername: sender?.username ?? '',
    fromMe: item.fromMe,
    // A message that could not be trusted never shows text, even if some reached this far.
    text: item.integrity ? '' : item.text,
    createdAt: item.createdAt,
    status: item.status,
    statusReason: item.statusReason,
    attachments: item.attachments.map((a) => ({
      dmEventId: a.dmEventId,
      mediaKey: a.mediaKey,
      type: a.type,
      width: a.width,
      height: a.height,
      altText: a.altText,
    })),
    posts: item.referencedPosts.map((post) => ({
      id: post.id,
      authorName: post.author?.name,
      authorUsername: post.author?.username,
      text: post.text,
      url: post.url,
    })),
  };
  if (item.links?.length && !item.integrity) message.links = item.links.map((link) => ({ ...link }));
  if (item.integrity) message.integrity = item.integrity;
  return message;
}

/** What the conversation allows (delete, attachments) comes from its source's capabilities, never assumed. */
export function threadVM(summary: Conversation, slice: ThreadSlice, dm: Pick<DmService, 'user' | 'me' | 'capabilities'>): ThreadVM {
  const conversation = conversationVM(summary);
  const can = dm.capabilities(summary.id);
  const locked = summary.locked === true;
  return {
    conversationId: summary.id,
    title: conversation.title,
    subtitle: conversation.subtitle,
    kind: summary.kind,
    items: locked ? [] : slice.items.map((item) => threadItemVM(item, dm)),
    canLoadOlder: !locked && (slice.hasOlderInArchive || slice.mayHaveOlderAtX),
    canDelete: can.canDelete,
    canSendMedia: can.canSendMedia,
    ...(can.isEncrypted ? { encrypted: true as const } : {}),
    ...(locked ? { locked: true as const } : {}),
  };
}

export function syncVM(state: SyncState): SyncVM {
  return { phase: state.phase, lastSyncedAt: state.lastSyncedAt, rateLimitedUntil: state.rateLimitedUntil, message: state.message };
}
