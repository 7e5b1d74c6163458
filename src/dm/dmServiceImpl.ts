import { randomUUID } from 'node:crypto';
import type { DmMediaBytes, XDmApi } from '../api/dmApi';
import type { DmEvent, DmEventsPage, XUser } from '../api/model';
import type { Clock } from '../util/clock';
import { Emitter, type Event } from '../util/events';
import type { Logger } from '../util/logger';
import { fromEventRec } from './archive/state';
import { readRecords } from './readState';
import { ConversationPrefs, memoryMemento } from './conversationPrefs';
import type { ArchiveStore } from './archiveStore';
import type {
  ArchiveHealth,
  ConversationSummary,
  DmChange,
  DmService,
  DmServiceSettings,
  OutboxResult,
  SendTarget,
  SyncOutcome,
  SyncReason,
  SyncState,
  ThreadSlice,
} from './dmService';
import { loadOlderFromX } from './olderHistory';
import { OutboxController } from './outboxController';
import { searchConversations } from './search';
import type { SyncRunResult } from './sync/syncEngine';
import { SyncController } from './sync/syncController';
import { DEFAULT_THREAD_LIMIT, buildThread } from './threadModel';
import { ArchiveWatcher } from './archiveWatcher';
import { mediaIdsFor } from './media';
import type { OutboxMedia } from './outbox';

export interface DmServiceDeps {
  api: XDmApi;
  me: XUser;
  store: ArchiveStore;
  clock: Clock;
  logger: Logger;
  pollIntervalSeconds: number;
  isWindowFocused: () => boolean;
  notificationsWanted: () => boolean;
  isOnline: () => boolean;
  /** How often to look for other windows' writes (ms). */
  watchIntervalMs?: number;
  /** Mutes and DM blocks of this account (default: in memory). */
  prefs?: ConversationPrefs;
}

/** Above this many new messages by others in one sync, notifications get one summary instead of one each. */
export const MAX_INCOMING = 50;
/** How many archived items one "load older" reveals at most. */
export const ARCHIVE_STEP = 200;

export class DmServiceImpl implements DmService {
  readonly me: XUser;
  private readonly changed = new Emitter<DmChange>();
  readonly onDidChange: Event<DmChange> = this.changed.event;
  readonly onDidChangeSyncState: Event<SyncState>;
  private readonly healthChanged = new Emitter<ArchiveHealth>();
  readonly onDidChangeArchiveHealth: Event<ArchiveHealth> = this.healthChanged.event;
  private loading: Promise<void> | undefined;
  private loadingRest: Promise<void> = Promise.resolve();
  private pollIntervalSeconds: number;
  private pollOverrideMs: number | undefined;
  private readonly deliveryChanged = new Emitter<void>();
  readonly onDidChangeDelivery: Event<void> = this.deliveryChanged.event;
  private readonly sync: SyncController;
  private readonly outbox: OutboxController;
  private readonly watcher: ArchiveWatcher | undefined;
  private disposed = false;
  /** Per conversation, how many newest items the last `thread()` call asked for (what the view shows). */
  private readonly shownLimit = new Map<string, number>();
  private closed: Promise<void> = Promise.resolve();
  private compaction: Promise<void> = Promise.resolve();

  private readonly prefs: ConversationPrefs;

  constructor(private readonly deps: DmServiceDeps) {
    this.me = deps.me;
    this.prefs = deps.prefs ?? new ConversationPrefs(memoryMemento(), deps.me.id);
    this.pollIntervalSeconds = deps.pollIntervalSeconds;
    this.sync = new SyncController({
      api: deps.api,
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      intervalMs: () => this.pollOverrideMs ?? this.pollIntervalSeconds * 1000,
      focused: deps.isWindowFocused,
      notificationsWanted: deps.notificationsWanted,
      online: deps.isOnline,
      afterRun: (run, ids, reason) => this.afterRun(run, ids, reason),
      progress: (conversationIds) => this.fire({ conversationIds, incoming: [] }),
    });
    this.onDidChangeSyncState = this.sync.onDidChangeState;
    this.outbox = new OutboxController({
      api: deps.api,
      store: deps.store,
      meId: deps.me.id,
      clock: deps.clock,
      newLocalId: () => `local-${randomUUID()}`,
      changed: (conversationIds) => this.fire({ conversationIds, incoming: [] }),
      syncNow: () => this.syncNow('manual'),
      warn: (message) => deps.logger.warn(message),
    });
    if (deps.store.disk) {
      const disk = deps.store.disk;
      disk.onDidChangeStatus((status) => {
        if (!this.disposed) this.healthChanged.fire({ ...status, folder: disk.dir });
      });
      this.watcher = new ArchiveWatcher(deps.store, deps.clock, deps.logger, deps.watchIntervalMs ?? 2000, (change) =>
        this.fire(change),
      );
    }
  }

  get archiveHealth(): ArchiveHealth | undefined {
    const disk = this.deps.store.disk;
    return disk ? { ...disk.status, folder: disk.dir } : undefined;
  }

  ready(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  archiveLoaded(): Promise<void> {
    return this.ready().then(() => this.loadingRest);
  }

  private async load(): Promise<void> {
    const started = this.deps.clock.now();
    const report = await this.deps.store.load().catch((error: unknown) => {
      this.deps.logger.error(`DM archive could not be read; continuing in memory: ${String(error)}`);
      return undefined;
    });
    if (report) {
      this.deps.logger.info(`DM archive loaded: ${report.events} events in ${this.deps.clock.now() - started} ms.`);
    }
    this.outbox.recoverAfterReload();
    if (this.disposed) return;
    this.loadingRest = this.loadRest(started);
  }

  /** The threads the list did not need, in the background; then what needs every event may run. */
  private async loadRest(started: number): Promise<void> {
    const { store } = this.deps;
    if (!store.state.complete) {
      await store.loadRest().catch((error: unknown) => this.deps.logger.warn(`DM archive threads: ${String(error)}`));
      this.deps.logger.info(`DM archive threads loaded: ${store.state.events.size} events in ${this.deps.clock.now() - started} ms.`);
      this.fire({ conversationIds: store.state.conversationIds(), incoming: [] });
    }
    if (this.disposed) return;
    this.watcher?.start();
    this.compact();
  }

  conversations(): ConversationSummary[] {
    return [...this.deps.store.list()];
  }

  conversation(conversationId: string): ConversationSummary | undefined {
    return this.deps.store.summary(conversationId);
  }

  /** Over what is in memory: before `archiveLoaded()`, threads still on disk match by name and newest message only. */
  search(query: string): ConversationSummary[] {
    return searchConversations(this.deps.store.list(), (id) => this.deps.store.eventsOf(id), query);
  }

  thread(conversationId: string, options?: { beforeId?: string; limit?: number }): ThreadSlice {
    const state = this.deps.store.state;
    if (options?.beforeId === undefined) this.shownLimit.set(conversationId, options?.limit ?? DEFAULT_THREAD_LIMIT);
    // Opened before its thread came off disk: read just that one, and announce it (the view rebuilds the thread).
    void this.deps.store.ensureThread(conversationId)?.then((loaded) => {
      if (loaded) this.fire({ conversationIds: [conversationId], incoming: [] });
    });
    return buildThread(
      {
        conversationId,
        events: this.deps.store.eventsOf(conversationId),
        meId: this.me.id,
        users: state.users,
        media: state.media,
        posts: state.posts,
        outbox: this.deps.store.outboxOf(conversationId),
        mayHaveOlderAtX: !(state.older.get(conversationId)?.exhausted ?? false),
      },
      options,
    );
  }

  user(userId: string): XUser | undefined {
    if (userId === this.me.id) return this.deps.store.state.users.get(userId) ?? this.me;
    return this.deps.store.state.users.get(userId);
  }

  knownUsers(): XUser[] {
    return [...this.deps.store.state.users.values()];
  }

  rememberUsers(users: readonly XUser[]): void {
    const known = this.deps.store.state.users;
    const records = users.filter((u) => u.id !== this.me.id && !known.has(u.id)).map((u) => ({ k: 'u' as const, u }));
    if (records.length > 0) this.deps.store.commit(records);
  }

  totalUnread(): number {
    let total = 0;
    for (const s of this.deps.store.list()) if (s.unread > 0 && !this.prefs.isMuted(s.id)) total += s.unread;
    return total;
  }

  isMuted(conversationId: string): boolean {
    return this.prefs.isMuted(conversationId);
  }

  async setMuted(conversationId: string, muted: boolean): Promise<void> {
    await this.prefs.setMuted(conversationId, muted);
    this.fire({ conversationIds: [conversationId], incoming: [] });
  }

  isBlocked(userId: string): boolean {
    return this.prefs.isBlocked(userId);
  }

  async setBlocked(userId: string, blocked: boolean): Promise<void> {
    const nowBlocked = blocked ? await this.deps.api.blockDms(userId) : await this.deps.api.unblockDms(userId);
    await this.prefs.setBlocked(userId, nowBlocked);
    const direct = this.deps.store.list().filter((s) => s.kind === 'direct' && s.partner?.id === userId);
    this.fire({ conversationIds: direct.map((s) => s.id), incoming: [] });
  }

  markRead(conversationId: string): void {
    const records = readRecords(this.deps.store.state, this.deps.store.newestEventId(conversationId), conversationId, this.deps.clock.now());
    if (records.length === 0) return;
    this.deps.store.commit(records);
    this.fire({ conversationIds: [conversationId], incoming: [] });
  }

  markUnread(conversationId: string): void {
    if (!this.deps.store.summary(conversationId)) return;
    this.deps.store.commit([{ k: 'mu', c: conversationId, u: { at: this.deps.clock.now(), on: true } }]);
    this.fire({ conversationIds: [conversationId], incoming: [] });
  }

  async send(target: SendTarget, text: string, media?: OutboxMedia): Promise<OutboxResult> {
    await this.ready();
    return this.outbox.send(target, text, media);
  }

  async retry(localId: string): Promise<OutboxResult> {
    await this.ready();
    return this.outbox.retry(localId);
  }

  async check(localId: string): Promise<OutboxResult> {
    await this.ready();
    return this.outbox.check(localId);
  }

  discard(localId: string): void {
    this.outbox.discard(localId);
  }

  async deleteMessage(eventId: string): Promise<void> {
    await this.archiveLoaded();
    await this.deps.api.deleteDmEvent(eventId);
    const rec = this.deps.store.state.events.get(eventId);
    this.deps.store.commit([{ k: 'd', id: eventId }]);
    this.fire({ conversationIds: rec ? [rec.c] : [], incoming: [] });
  }

  async loadOlder(conversationId: string, options: { shown?: number } = {}): Promise<{ added: number; exhausted: boolean }> {
    await this.archiveLoaded();
    const shown = options.shown ?? this.shownLimit.get(conversationId);
    const archived = this.deps.store.eventsOf(conversationId).length;
    // Archive first: older items are already here, the thread only has to show more of them.
    if (shown !== undefined && archived > shown) return { added: Math.min(archived - shown, ARCHIVE_STEP), exhausted: false };
    const result = await loadOlderFromX({
      api: this.deps.api,
      store: this.deps.store,
      conversationId,
      now: () => this.deps.clock.now(),
    });
    if (result.added > 0 || result.exhausted) this.fire({ conversationIds: [conversationId], incoming: [] });
    return result;
  }

  async fetchMedia(dmEventId: string, mediaKey: string): Promise<DmMediaBytes> {
    const { mediaId, resourceId } = mediaIdsFor(mediaKey, this.deps.store.state.media.get(mediaKey));
    return this.deps.api.downloadDmMedia(dmEventId, mediaId, resourceId);
  }

  async syncNow(reason: SyncReason): Promise<SyncOutcome> {
    // Sync tells new events from archived ones by id: every thread must be in memory.
    await this.archiveLoaded();
    return this.sync.syncNow(reason);
  }

  configure(settings: Partial<DmServiceSettings>): void {
    if (settings.pollIntervalSeconds !== undefined && Number.isFinite(settings.pollIntervalSeconds)) {
      this.pollIntervalSeconds = Math.max(15, settings.pollIntervalSeconds);
    }
    this.sync.reschedule();
  }

  get syncState(): SyncState {
    return this.sync.state;
  }

  ingestPushed(page: DmEventsPage): string[] {
    if (this.disposed) return [];
    const { store, clock } = this.deps;
    // The archive tells new events from known ones by id, so a pushed event that a poll also returns is stored once.
    const ids = store.commit(store.recordsForPage(page, clock.now())).newEventIds;
    this.afterRun({ requests: 0, eventsRead: 0, newEvents: ids.length, firstSync: false, complete: false, gapBeyondWindow: false }, ids, 'poll');
    return ids;
  }

  setPollIntervalOverride(ms: number | undefined): void {
    if (ms === this.pollOverrideMs) return;
    this.pollOverrideMs = ms;
    this.sync.reschedule();
    if (!this.disposed) this.deliveryChanged.fire();
  }

  deliveryMode(): { realTime: boolean; everySeconds: number } {
    return { realTime: this.pollOverrideMs !== undefined, everySeconds: this.pollIntervalSeconds };
  }

  /** The delay the poll policy would wait now (status bar, tests). */
  nextPollDelayMs(): number {
    return this.sync.nextDelay();
  }

  /** Picks up other windows' archive writes now (the watcher does it every couple of seconds anyway). */
  async refreshFromArchive(): Promise<void> {
    await this.archiveLoaded();
    await this.watcher?.check();
  }

  private afterRun(run: SyncRunResult, newEventIds: string[], _reason: SyncReason): void {
    const state = this.deps.store.state;
    if (newEventIds.length > 0) this.compact();
    const conversationIds = new Set<string>();
    const incoming: DmEvent[] = [];
    let othersCount = 0;
    for (const id of newEventIds) {
      const rec = state.events.get(id);
      if (!rec) continue;
      conversationIds.add(rec.c);
      if (rec.t === 0 && rec.s !== this.me.id) {
        othersCount += 1;
        if (incoming.length < MAX_INCOMING) incoming.push(fromEventRec(rec));
      }
    }
    for (const id of this.outbox.reconcileAfterSync(newEventIds, run.complete)) conversationIds.add(id);
    if (conversationIds.size === 0 && othersCount === 0) return;
    const summarise = run.firstSync || run.gapBeyondWindow || othersCount > MAX_INCOMING;
    this.fire({
      conversationIds: [...conversationIds],
      incoming: summarise ? [] : incoming,
      ...(summarise && othersCount > 0 ? { backfill: true, backfillCount: othersCount } : {}),
      ...(run.firstSync ? { firstSync: true } : {}),
    });
  }

  /** Background compaction; what other windows appended meanwhile is applied and announced like the watcher does. */
  private compact(): void {
    const { store } = this.deps;
    if (!store.disk) return;
    this.compaction = store.disk
      .compactIfNeeded(store.state, (records) => {
        const changes = store.applyExternal(records);
        if (changes.conversations.size > 0) this.fire({ conversationIds: [...changes.conversations], incoming: [] });
      })
      .then(
        () => undefined,
        (error: unknown) => this.deps.logger.warn(`DM archive compaction failed: ${String(error)}`),
      );
  }

  private fire(change: DmChange): void {
    if (!this.disposed) this.changed.fire(change);
  }

  /** Waits for queued archive writes and a running compaction (tests, sign-out). */
  async flush(): Promise<void> {
    await this.loadingRest;
    await this.deps.store.disk?.flush();
    await this.compaction;
  }

  /** Settles when a disposed service has written its last records and released the sync lease. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sync.dispose();
    this.watcher?.dispose();
    const disk = this.deps.store.disk;
    if (disk) this.closed = this.flush().then(() => disk.releaseLease());
    this.changed.dispose();
    this.deliveryChanged.dispose();
    this.healthChanged.dispose();
  }
}
