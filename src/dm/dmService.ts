import type { DmMediaBytes } from '../api/dmApi';
import type { DmEvent, DmEventsPage, XPost, XUser } from '../api/model';
import type { Disposable, Event } from '../util/events';
import type { OutboxMedia } from './outbox';

/**
 * The contract between `src/dm` (archive + sync + outbox for one signed-in account) and its consumers: the panel
 * (`src/views`), the commands (`src/commands`), notifications and the status bar. Everything here is derived from
 * the local archive, so reads are synchronous and cost no request; only methods returning promises may talk to X.
 */
export interface ConversationSummary {
  id: string;
  kind: 'direct' | 'group';
  /** Partner's display name for a 1:1, participants' names (or the group name) for a group. */
  title: string;
  /** Everyone in the conversation except the signed-in user, resolved from the archive where known. */
  participants: XUser[];
  /** The other person of a 1:1 conversation. */
  partner?: XUser;
  /** Epoch ms of the newest event. */
  lastActivityAt: number;
  /** One line of the newest message (or system line), already shortened. */
  preview: string;
  previewFromMe: boolean;
  /** Messages by others after the local read mark. */
  unread: number;
}

export type MessageStatus = 'sent' | 'pending' | 'unconfirmed' | 'failed';

export interface ThreadAttachment {
  mediaKey: string;
  type: string;
  /** Enough to fetch the bytes through `DmService.fetchMedia`. */
  dmEventId: string;
  width?: number;
  height?: number;
  altText?: string;
}

export interface ReferencedPost extends XPost {
  author?: XUser;
  /** https://x.com/<user>/status/<id> */
  url: string;
}

export interface ThreadMessage {
  type: 'message';
  /** X's event id once sent; the outbox's local id (`local-…`) before that. */
  id: string;
  localId?: string;
  conversationId: string;
  senderId: string;
  fromMe: boolean;
  text: string;
  createdAt: number;
  status: MessageStatus;
  /** Plain-words reason for `failed` / `unconfirmed`. */
  statusReason?: string;
  attachments: ThreadAttachment[];
  referencedPosts: ReferencedPost[];
  /** The t.co links X put into `text`, with where they go (absent when X described none). */
  links?: ThreadLink[];
}

export interface ThreadLink {
  /** The link as it appears in `text` (https://t.co/…). */
  url: string;
  expandedUrl?: string;
  displayUrl?: string;
}

export interface ThreadSystemLine {
  type: 'system';
  id: string;
  conversationId: string;
  kind: 'join' | 'leave';
  userIds: string[];
  createdAt: number;
}

export type ThreadItem = ThreadMessage | ThreadSystemLine;

export interface ThreadSlice {
  /** Oldest first. */
  items: ThreadItem[];
  /** More items exist in the archive before the first one returned. */
  hasOlderInArchive: boolean;
  /** X may still have older events of this conversation that the archive does not hold. */
  mayHaveOlderAtX: boolean;
}

export interface SyncState {
  phase: 'idle' | 'syncing' | 'offline' | 'rateLimited' | 'error';
  lastSyncedAt?: number;
  /** Epoch ms when X's rate limit allows the next request (phase `rateLimited`). */
  rateLimitedUntil?: number;
  /** Plain-words description of the last failure (phase `error` / `offline`). */
  message?: string;
}

export type SyncReason = 'startup' | 'poll' | 'manual';

export interface SyncOutcome {
  requests: number;
  newEvents: number;
  /** Set when nothing was asked of X, with the reason. */
  skipped?: 'rateLimited' | 'offline' | 'busy' | 'signedOut';
  /** Epoch ms when a skipped sync could run. */
  retryAt?: number;
  /** Events X returned (each one is billed), for the status bar and the benchmarks. */
  eventsRead?: number;
  /** X's 30-day list ended before the archive's newest event: messages in between may be missing. */
  gapBeyondWindow?: boolean;
}

/** Settings that can change while the service runs (`DmService.configure`). */
export interface DmServiceSettings {
  /** `xdm.sync.pollIntervalSeconds` (at least 15). */
  pollIntervalSeconds: number;
}

export type SendTarget =
  | { conversationId: string }
  | { participantId: string }
  | { groupParticipantIds: string[] };

/** `sent` lacks ids only when X answered 2xx with a body that could not be read (the message is still sent). */
export type OutboxResult =
  | { status: 'sent'; conversationId?: string; eventId?: string }
  | { status: 'failed'; localId: string; reason: string }
  | { status: 'unconfirmed'; localId: string; reason: string };

export interface DmChange {
  /** Conversations whose summary or thread changed. */
  conversationIds: string[];
  /** Messages by others seen for the first time by this sync (for notifications); empty on local changes. */
  incoming: DmEvent[];
  /**
   * Set when this sync filled an empty archive (first sign-in) or caught up after a long absence: `incoming` is
   * then empty and `backfillCount` says how many messages by others arrived, so notifications show one summary.
   */
  backfill?: boolean;
  backfillCount?: number;
  /** The archive's first sync (sign-in): everything in it is history the user already had on X, nothing new. */
  firstSync?: boolean;
}

/** The local archive's health, so a disk problem reaches the user in plain words (see ADR 002). */
export interface ArchiveHealth {
  /** Set when nothing is saved to disk for the rest of this session, with why. */
  readOnly?: 'ioError' | 'newerVersion' | 'unusable';
  /** errno code of the disk error (EIO, ENOSPC, …). */
  errorCode?: string;
  /** Damaged files renamed aside inside `folder`; nothing was deleted. */
  setAside: string[];
  /** Changes kept in memory because saving them failed; they are saved with the next write. */
  unsaved: number;
  folder: string;
}

export interface DmService extends Disposable {
  readonly me: XUser;
  /**
   * Resolves when the conversation list is ready (the archive's head is loaded, lazily, on first need). Threads
   * still on disk then load in the background; `thread()` reads an unloaded one on demand and announces it.
   */
  ready(): Promise<void>;
  /** Resolves when every archived event is in memory (full-text search, sync and sending wait for it). */
  archiveLoaded(): Promise<void>;

  conversations(): ConversationSummary[];
  conversation(conversationId: string): ConversationSummary | undefined;
  /** Filter by name, @username or message text, over the whole archive. */
  search(query: string): ConversationSummary[];
  thread(conversationId: string, options?: { beforeId?: string; limit?: number }): ThreadSlice;
  user(userId: string): XUser | undefined;
  knownUsers(): XUser[];
  /** People picked outside the archive (an @handle lookup): kept like X's includes so their names show at once. */
  rememberUsers(users: readonly XUser[]): void;
  /** Unread messages over every conversation that is not muted (the view badge and the status bar). */
  totalUnread(): number;
  /** Moves the read mark to the newest event and clears a "Mark as Unread". */
  markRead(conversationId: string): void;
  /** "Mark as Unread": the conversation counts at least one unread until it is read again (local; X has no read state). */
  markUnread(conversationId: string): void;
  /** Muted conversations raise no notification and do not count in `totalUnread` (a local, per-account choice). */
  isMuted(conversationId: string): boolean;
  setMuted(conversationId: string, muted: boolean): Promise<void>;
  /** Whether this user DM-blocked `userId` from this extension (X lists no DM blocks, so only those are known). */
  isBlocked(userId: string): boolean;
  /** Asks X to block (or unblock) DMs with `userId`, then remembers it; rejects with X's refusal. */
  setBlocked(userId: string, blocked: boolean): Promise<void>;

  /**
   * Shows the message as pending at once (via onDidChange) and resolves when X has answered, or after
   * `SEND_DEADLINE_MS` as `unconfirmed` ("may have been sent") while the request carries on.
   */
  send(target: SendTarget, text: string, media?: OutboxMedia): Promise<OutboxResult>;
  /** Sends a `failed` message again; a message that may have been sent is only checked (see `check`). */
  retry(localId: string): Promise<OutboxResult>;
  /** Asks X (one sync) whether a message that may have been sent arrived; never sends anything. */
  check(localId: string): Promise<OutboxResult>;
  discard(localId: string): void;
  deleteMessage(eventId: string): Promise<void>;
  /**
   * Older history: archive first, then X's conversation endpoint. When the archive holds more than the caller
   * shows (`shown`, default: the `limit` of the last `thread()` call without `beforeId`), nothing is asked of X and
   * `added` counts the archived items now available; otherwise `added` counts events fetched from X.
   */
  loadOlder(conversationId: string, options?: { shown?: number }): Promise<{ added: number; exhausted: boolean }>;
  fetchMedia(dmEventId: string, mediaKey: string): Promise<DmMediaBytes>;

  syncNow(reason: SyncReason): Promise<SyncOutcome>;
  /** Applies changed settings at once (re-plans the next poll). */
  configure(settings: Partial<DmServiceSettings>): void;
  readonly syncState: SyncState;
  readonly onDidChange: Event<DmChange>;
  readonly onDidChangeSyncState: Event<SyncState>;
  /** Undefined in memory-only mode (`xdm.cache.enabled` off). */
  readonly archiveHealth?: ArchiveHealth;
  readonly onDidChangeArchiveHealth?: Event<ArchiveHealth>;

  /** Real-time delivery (src/realtime): events the Activity stream pushed, stored and announced like a poll's. */
  ingestPushed?(page: DmEventsPage): string[];
  /** Real-time delivery: polls become a slow safety net while the stream is healthy (undefined: as configured). */
  setPollIntervalOverride?(ms: number | undefined): void;
  /** How new messages reach this window (the status bar): pushed in real time, or polled every N seconds. */
  deliveryMode?(): { realTime: boolean; everySeconds: number };
  readonly onDidChangeDelivery?: Event<void>;
}
