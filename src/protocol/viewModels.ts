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
  /** An X Chat conversation (end-to-end encrypted): a lock glyph, accessible label "encrypted". */
  encrypted?: true;
  /** Encrypted and its keys are not in memory: who and when only, `preview` is empty. */
  locked?: true;
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
  /**
   * X Chat only. `unverified`: the sender's signature did not verify; `undecryptable`: the keys could not open it.
   * Either way `text` is empty and the row says so ("Could not verify sender" / "Could not decrypt this message").
   */
  integrity?: 'unverified' | 'undecryptable';
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
  /** X Chat: end-to-end encrypted (header lock glyph). */
  encrypted?: true;
  /** X Chat with its keys not in memory: no items, an "Unlock encrypted chats" prompt instead, composer disabled. */
  locked?: true;
  /** Own messages offer "Delete for everyone" (legacy DMs); absent means false. */
  canDelete?: boolean;
  /** The composer offers attachments (legacy DMs); absent means false. */
  canSendMedia?: boolean;
}

export interface SyncVM {
  phase: 'idle' | 'syncing' | 'offline' | 'rateLimited' | 'error';
  lastSyncedAt?: number;
  rateLimitedUntil?: number;
  message?: string;
}

/**
 * X Chat for the signed-in account. `noKeys`: the account has no X Chat keys (they are set up in X's app);
 * `unsupportedSignIn`: signed in with OAuth 1.0a, which X Chat does not accept (sign in with OAuth 2.0);
 * `wrongPasscode`: the last unlock failed, `guessesLeft` as the key backup reported it; `unavailable`: the backup
 * or X could not be reached. `locked` rows and the "Unlock encrypted chats" row show for `locked`,
 * `wrongPasscode` and `unavailable`.
 */
export interface XChatVM {
  status: 'locked' | 'unlocking' | 'unlocked' | 'wrongPasscode' | 'noKeys' | 'unavailable' | 'unsupportedSignIn';
  guessesLeft?: number;
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
  /** Absent until the host knows whether the account has X Chat keys (one request after sign-in). */
  xchat?: XChatVM;
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
