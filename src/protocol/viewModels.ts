/**
 * View models: the only data the webview sees, plain JSON built on the host (src/views/viewModels.ts). No tokens or
 * raw X payloads; every string may come from a stranger and is rendered as text only.
 */
export interface AccountVM {
  sessionId: string;
  label: string;
  current: boolean;
}

export interface PersonVM {
  id: string;
  name: string;
  username: string;
  /** Only an https://pbs.twimg.com URL (the CSP allows nothing else); otherwise initials are shown. */
  avatarUrl?: string;
}

export interface ConversationVM {
  id: string;
  kind: 'direct' | 'group';
  title: string;
  /** `@username` of a 1:1 partner; participants' usernames for a group. */
  subtitle: string;
  avatar?: PersonVM;
  lastActivityAt: number;
  preview: string;
  previewFromMe: boolean;
  unread: number;
  /** Muted locally: no notifications, not in the badge. */
  muted?: boolean;
  /** A 1:1 whose partner this user DM-blocked. */
  blocked?: boolean;
}

export interface AttachmentVM {
  dmEventId: string;
  mediaKey: string;
  type: string;
  width?: number;
  height?: number;
  altText?: string;
}

export interface PostCardVM {
  id: string;
  authorName?: string;
  authorUsername?: string;
  text: string;
  url: string;
}

export type MessageStatusVM = 'sent' | 'pending' | 'unconfirmed' | 'failed';

export interface MessageVM {
  type: 'message';
  id: string;
  localId?: string;
  senderId: string;
  senderName: string;
  senderUsername: string;
  fromMe: boolean;
  text: string;
  createdAt: number;
  status: MessageStatusVM;
  statusReason?: string;
  attachments: AttachmentVM[];
  posts: PostCardVM[];
  /** Links X shortened in `text`: shown as `displayUrl`, opened (after the host's confirmation) at `expandedUrl`. */
  links?: LinkVM[];
}

export interface LinkVM {
  /** The t.co link as it appears in `text`. */
  url: string;
  expandedUrl?: string;
  displayUrl?: string;
}

export interface SystemLineVM {
  type: 'system';
  id: string;
  kind: 'join' | 'leave';
  names: string[];
  createdAt: number;
}

export type ThreadItemVM = MessageVM | SystemLineVM;

export interface ThreadVM {
  conversationId: string;
  title: string;
  subtitle: string;
  kind: 'direct' | 'group';
  items: ThreadItemVM[];
  /** Older history exists (archive or X): show "Load older". */
  canLoadOlder: boolean;
}

export interface SyncVM {
  phase: 'idle' | 'syncing' | 'offline' | 'rateLimited' | 'error';
  lastSyncedAt?: number;
  rateLimitedUntil?: number;
  message?: string;
}

/** Why the composer is disabled, if it is. */
export type ComposerBlock = 'signedOut' | 'offline' | 'rateLimited';

export interface AppStateVM {
  /** `signedOut`: configured but no account; `notConfigured`: no `xdm.clientId`. */
  screen: 'signedOut' | 'notConfigured' | 'signedIn';
  me?: PersonVM;
  accounts: AccountVM[];
  conversations: ConversationVM[];
  sync: SyncVM;
  composerBlock?: ComposerBlock;
  /** Epoch ms when a rate-limited composer can send again. */
  composerBlockUntil?: number;
  sendOnEnter: boolean;
}

/** One account's unsent texts by conversation id, and when one of them last changed (epoch ms). */
export interface AccountDraftsVM {
  savedAt: number;
  texts: Record<string, string>;
}

/** UI state the webview persists (getState/setState), mirrored by the host (see src/views/uiStateStore.ts). */
export interface UiStateVM {
  openConversationId?: string;
  /** By X user id, so that signing out with "delete messages" can drop exactly that account's drafts. */
  drafts: Record<string, AccountDraftsVM>;
  filter?: string;
}
