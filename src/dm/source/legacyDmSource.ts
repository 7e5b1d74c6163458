import { randomUUID } from 'node:crypto';
import type { DmMediaBytes, XDmApi } from '../../api/dmApi';
import type { DmEventsPage } from '../../api/schemas/dmEvents';
import type { Clock } from '../../util/clock';
import type { Event } from '../../util/events';
import type { Logger } from '../../util/logger';
import type { ArchiveStore } from '../archive/archiveStore';
import type { DmChange, OutboxResult, SyncOutcome, SyncReason, SyncState } from '../dmService';
import { mediaIdsFor } from '../media';
import { CONVERSATION_ID_PATTERN } from '../model/ids';
import type { Conversation, ThreadSlice } from '../model/conversation';
import type { SendTarget } from '../model/sendTarget';
import type { OutboxMedia } from '../outbox';
import { OutboxController } from '../outboxController';
import { SyncController } from '../sync/syncController';
import type { SyncRunResult } from '../sync/syncEngine';
import { ARCHIVE_STEP, type ConversationCapabilities, type ConversationSource } from './conversationSource';
import type { ConversationPrefs } from '../conversationPrefs';
import { directConversationId } from '../model/ids';
import { loadOlderFromX } from './olderHistory';

/** Above this many new messages by others in one sync, notifications get one summary instead of one each. */
export const MAX_INCOMING = 50;

const LEGACY_CAPABILITIES: ConversationCapabilities = { canDelete: true, canLoadOlder: true, isEncrypted: false, canSendMedia: true };

export interface LegacyDmSourceDeps {
  api: XDmApi;
  store: ArchiveStore;
  meId: string;
  clock: Clock;
  logger: Logger;
  pollIntervalMs: () => number;
  focused: () => boolean;
  notificationsWanted: () => boolean;
  online: () => boolean;
  /** A sync the outbox asks for, through the service (which first waits for the whole archive). */
  syncNow: () => Promise<SyncOutcome>;
  /** What changed, for the service to announce. */
  changed: (change: DmChange) => void;
  /** New events were archived: time to consider compaction. */
  stored: () => void;
  /** After each poll tick (X Chat follows legacy polling). */
  polled?: () => Promise<void> | undefined;
}

/** X's legacy Direct Messages: `/2/dm_events` polling, the outbox, and per-conversation older history. */
export class LegacyDmSource implements ConversationSource {
  readonly kind = 'legacyDm';
  private readonly syncer: SyncController;
  private readonly outbox: OutboxController;
  readonly onDidChangeSyncState: Event<SyncState>;

  constructor(private readonly deps: LegacyDmSourceDeps) {
    this.syncer = new SyncController({
      api: deps.api,
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      intervalMs: deps.pollIntervalMs,
      focused: deps.focused,
      notificationsWanted: deps.notificationsWanted,
      online: deps.online,
      afterRun: (run, ids) => this.afterRun(run, ids),
      progress: (conversationIds) => deps.changed({ conversationIds, incoming: [] }),
      ...(deps.polled ? { polled: deps.polled } : {}),
    });
    this.onDidChangeSyncState = this.syncer.onDidChangeState;
    this.outbox = new OutboxController({
      api: deps.api,
      store: deps.store,
      meId: deps.meId,
      clock: deps.clock,
      newLocalId: () => `local-${randomUUID()}`,
      changed: (conversationIds) => deps.changed({ conversationIds, incoming: [] }),
      syncNow: deps.syncNow,
      warn: (message) => deps.logger.warn(message),
    });
  }

  owns(conversationId: string): boolean {
    return CONVERSATION_ID_PATTERN.test(conversationId);
  }

  capabilities(_conversationId: string): ConversationCapabilities {
    return LEGACY_CAPABILITIES;
  }

  conversation(conversationId: string): Conversation | undefined {
    return this.deps.store.summary(conversationId);
  }

  /** A page of the archived thread; one opened before it came off disk is read now and announced (the view rebuilds). */
  thread(conversationId: string, options?: { beforeId?: string; limit?: number }): ThreadSlice {
    void this.deps.store.ensureThread(conversationId)?.then((loaded) => {
      if (loaded) this.deps.changed({ conversationIds: [conversationId], incoming: [] });
    });
    return this.deps.store.thread(conversationId, options);
  }

  /** Moves the read mark to the newest event and clears a "Mark as Unread" (local: X has no read state). */
  markRead(conversationId: string): void {
    if (this.deps.store.markRead(conversationId, this.deps.clock.now())) this.deps.changed({ conversationIds: [conversationId], incoming: [] });
  }

  markUnread(conversationId: string): void {
    if (!this.deps.store.summary(conversationId)) return;
    this.deps.store.markUnread(conversationId, this.deps.clock.now());
    this.deps.changed({ conversationIds: [conversationId], incoming: [] });
  }

  /** The archived 1:1 with `userId`, if there is one. */
  directWith(userId: string): Conversation | undefined {
    return this.deps.store.summary(directConversationId(this.deps.meId, userId));
  }

  /** Asks X to block (or unblock) DMs with `userId`, remembers X's answer, and announces their 1:1. */
  async setBlocked(userId: string, blocked: boolean, prefs: ConversationPrefs): Promise<void> {
    const nowBlocked = blocked ? await this.deps.api.blockDms(userId) : await this.deps.api.unblockDms(userId);
    await prefs.setBlocked(userId, nowBlocked);
    const direct = this.deps.store.list().filter((s) => s.kind === 'direct' && s.partner?.id === userId);
    this.deps.changed({ conversationIds: direct.map((s) => s.id), incoming: [] });
  }

  sync(reason: SyncReason): Promise<SyncOutcome> {
    return this.syncer.syncNow(reason);
  }

  get syncState(): SyncState {
    return this.syncer.state;
  }

  /** Plans the next poll again (the interval or the focus changed). */
  reschedule(): void {
    this.syncer.reschedule();
  }

  /** The delay the poll policy would wait now (status bar, tests). */
  nextPollDelayMs(): number {
    return this.syncer.nextDelay();
  }

  /** Events the real-time stream pushed: stored like a poll's page (the archive knows events by id, so one that a
   * poll also returns is stored once), then announced. Returns the new event ids. */
  ingestPushed(page: DmEventsPage): string[] {
    const ids = this.deps.store.addPage(page, this.deps.clock.now()).newEventIds;
    this.afterRun({ requests: 0, eventsRead: 0, newEvents: ids.length, firstSync: false, complete: false, gapBeyondWindow: false }, ids);
    return ids;
  }

  send(target: SendTarget, text: string, media?: OutboxMedia): Promise<OutboxResult> {
    return this.outbox.send(target, text, media);
  }

  retry(localId: string): Promise<OutboxResult> {
    return this.outbox.retry(localId);
  }

  check(localId: string): Promise<OutboxResult> {
    return this.outbox.check(localId);
  }

  discard(localId: string): void {
    this.outbox.discard(localId);
  }

  recoverAfterReload(): void {
    this.outbox.recoverAfterReload();
  }

  /**
   * Archive first: when it holds more than the view shows (`shown`), the thread only has to show up to `step` more;
   * otherwise one page older from X.
   */
  async loadOlder(conversationId: string, shown?: number, step = ARCHIVE_STEP): Promise<{ added: number; exhausted: boolean }> {
    const { api, store, clock } = this.deps;
    const archived = store.archivedCount(conversationId);
    if (shown !== undefined && archived > shown) return { added: Math.min(archived - shown, step), exhausted: false };
    const result = await loadOlderFromX({ api, store, conversationId, now: () => clock.now() });
    if (result.added > 0 || result.exhausted) this.deps.changed({ conversationIds: [conversationId], incoming: [] });
    return result;
  }

  async deleteMessage(messageId: string): Promise<string | undefined> {
    await this.deps.api.deleteDmEvent(messageId);
    return this.deps.store.deleteEvent(messageId);
  }

  fetchMedia(messageId: string, mediaKey: string): Promise<DmMediaBytes> {
    const { mediaId, resourceId } = mediaIdsFor(mediaKey, this.deps.store.media(mediaKey));
    return this.deps.api.downloadDmMedia(messageId, mediaId, resourceId);
  }

  /** After every run that stored something: settle the outbox, then say what arrived (or one summary of it). */
  private afterRun(run: SyncRunResult, newEventIds: string[]): void {
    const { store } = this.deps;
    if (newEventIds.length > 0) this.deps.stored();
    const conversationIds = new Set(store.conversationsOfEvents(newEventIds));
    const fromOthers = store.messages(newEventIds).filter((m) => !m.fromMe);
    for (const id of this.outbox.reconcileAfterSync(newEventIds, run.complete)) conversationIds.add(id);
    if (conversationIds.size === 0 && fromOthers.length === 0) return;
    const summarise = run.firstSync || run.gapBeyondWindow || fromOthers.length > MAX_INCOMING;
    this.deps.changed({
      conversationIds: [...conversationIds],
      incoming: summarise ? [] : fromOthers.slice(0, MAX_INCOMING),
      ...(summarise && fromOthers.length > 0 ? { backfill: true, backfillCount: fromOthers.length } : {}),
      ...(run.firstSync ? { firstSync: true } : {}),
    });
  }

  dispose(): void {
    this.syncer.dispose();
  }
}
