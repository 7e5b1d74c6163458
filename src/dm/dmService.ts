import type { DmMediaBytes } from '../api/dmApi';
import type { Conversation, ThreadSlice } from './model/conversation';
import type { DmMessage } from './model/message';
import type { Person } from './model/person';
import type { DmEventsPage } from '../api/schemas/dmEvents';
import type { Disposable, Event } from '../util/events';
import type { OutboxMedia } from './outbox';
import type { SendTarget } from './model/sendTarget';
import type { ConversationCapabilities } from './source/conversationSource';
import type { LockState } from '../xchat/source/lockState';

/**
 * The contract between `src/dm` (archive + sync + outbox for one signed-in account) and its consumers: the panel
 * (`src/views`), the commands (`src/commands`), notifications and the status bar. Everything here is derived from
 * the local archive, so reads are synchronous and cost no request; only methods returning promises may talk to X.
 */
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

export type { SendTarget };

/** `sent` lacks ids only when X answered 2xx with a body that could not be read (the message is still sent). */
export type OutboxResult =
  | { status: 'sent'; conversationId?: string; eventId?: string }
  | { status: 'failed'; localId: string; reason: string }
  | { status: 'unconfirmed'; localId: string; reason: string };

export interface DmChange {
  /** Conversations whose summary or thread changed. */
  conversationIds: string[];
  /** Messages by others seen for the first time by this sync (for notifications); empty on local changes. */
  incoming: DmMessage[];
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

/** X Chat's lock state as the panel shows it; `unknown` until the keys probe (after the first sync) answered. */
export type XChatStatus = LockState | { status: 'unknown' };

/**
 * The account's encrypted X Chat conversations (present only for sign-ins that can use `/2/chat`). Their keys are
 * in memory only while unlocked; locked, the list still shows who and when, never text.
 */
export interface EncryptedChats {
  readonly state: XChatStatus;
  readonly onDidChangeState: Event<XChatStatus>;
  /** Takes the passcode once and zeroes it; after `unlocked` it reads X Chat at once and resolves when it has. */
  unlock(passcode: Uint8Array): Promise<XChatStatus>;
  /** Forgets the keys and every decrypted message. */
  lock(): Promise<void>;
  /** Looks for the account's keys again (one request) when the last look found none or failed; else a no-op. */
  recheckKeys(): Promise<XChatStatus>;
}

export type { ConversationCapabilities };

export interface DmService extends Disposable {
  readonly me: Person;
  /**
   * Resolves when the conversation list is ready (the archive's head is loaded, lazily, on first need). Threads
   * still on disk then load in the background; `thread()` reads an unloaded one on demand and announces it.
   */
  ready(): Promise<void>;
  /** Resolves when every archived event is in memory (full-text search, sync and sending wait for it). */
  archiveLoaded(): Promise<void>;

  /** Legacy DMs and X Chat (`xchat-…` refs) in one list, newest activity first; locked X Chat rows carry no text. */
  conversations(): Conversation[];
  conversation(conversationId: string): Conversation | undefined;
  /** Filter by name, @username or message text, over the whole archive (X Chat text only while unlocked). */
  search(query: string): Conversation[];
  thread(conversationId: string, options?: { beforeId?: string; limit?: number }): ThreadSlice;
  user(userId: string): Person | undefined;
  knownUsers(): Person[];
  /** People picked outside the archive (an @handle lookup): kept like X's includes so their names show at once. */
  rememberUsers(users: readonly Person[]): void;
  /** What a conversation allows (delete, media, older history, encrypted), for the view models. */
  capabilities(conversationId: string): ConversationCapabilities;
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

  /** X Chat, when this account was signed in with a way that reaches `/2/chat` (OAuth 2.0). */
  readonly encryptedChats?: EncryptedChats;
  /**
   * Tells the other side of an unlocked X Chat conversation that the user is typing (at most once per 5 s per
   * conversation; more calls are dropped). Whether the user allows it is the caller's setting.
   */
  sendTyping?(conversationId: string): Promise<void>;
}
