import type { DmMediaBytes } from '../../api/dmApi';
import type { Disposable, Event } from '../../util/events';
import type { OutboxResult, SyncOutcome, SyncReason, SyncState } from '../dmService';
import type { SendTarget } from '../model/sendTarget';
import type { OutboxMedia } from '../outbox';

/** How many held items (archive or memory) one "load older" reveals at most. */
export const ARCHIVE_STEP = 200;

/** What a conversation of a source allows; the service and the panel ask instead of assuming legacy DMs. */
export interface ConversationCapabilities {
  /** Own messages can be deleted (for everyone, at X). */
  canDelete: boolean;
  /** X may hold history older than the archive, reachable page by page. */
  canLoadOlder: boolean;
  /** Messages are end-to-end encrypted: text exists only on devices holding the keys. */
  isEncrypted: boolean;
  canSendMedia: boolean;
}

/**
 * Where conversations come from and go to. Every source writes what it receives into the shared archive, so the
 * list, threads, search and notifications read one store whatever the source; a source only moves messages
 * between X and that archive. Ids are the source's own: a conversation id the source `owns`, and message ids that
 * are X's event ids once sent (`local-…` outbox ids before).
 */
export interface ConversationSource extends Disposable {
  /** `legacyDm`: `/2/dm_events` polling, the outbox and per-conversation history. `xChat`: encrypted X Chat. */
  readonly kind: 'legacyDm' | 'xChat';
  owns(conversationId: string): boolean;
  capabilities(conversationId: string): ConversationCapabilities;

  /** Asks X for what is new; never more than the request budget allows. */
  sync(reason: SyncReason): Promise<SyncOutcome>;
  readonly syncState: SyncState;
  readonly onDidChangeSyncState: Event<SyncState>;

  send(target: SendTarget, text: string, media?: OutboxMedia): Promise<OutboxResult>;
  /** Sends a `failed` message again; one that may have been sent is only checked. */
  retry(localId: string): Promise<OutboxResult>;
  /** Looks (one sync) whether a message that may have been sent arrived; never sends. */
  check(localId: string): Promise<OutboxResult>;
  discard(localId: string): void;
  /** After a reload: sends that were in flight may or may not have reached X. */
  recoverAfterReload(): void;

  /** Fetches older history of one conversation from X into the archive; `added` counts new events. */
  loadOlder(conversationId: string): Promise<{ added: number; exhausted: boolean }>;
  /** Deletes an own message at X, then from the archive; resolves with its conversation when known. */
  deleteMessage(messageId: string): Promise<string | undefined>;
  fetchMedia(messageId: string, mediaKey: string): Promise<DmMediaBytes>;
}
