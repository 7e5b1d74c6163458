import { randomUUID } from 'node:crypto';
import type { DmMediaBytes, XDmApi } from '../api/dmApi';
import type { XUser } from '../api/schemas/user';
import type { Clock } from '../util/clock';
import { Emitter, type Event } from '../util/events';
import type { Logger } from '../util/logger';
import { ConversationPrefs, memoryMemento } from './conversationPrefs';
import type { ArchiveStore } from './archive/archiveStore';
import type { ArchiveHealth, DmChange, DmService, DmServiceSettings, OutboxResult, SendTarget, SyncOutcome, SyncReason, SyncState } from './dmService';
import type { Conversation, ThreadSlice } from './model/conversation';
import { loadOlderFromX } from './olderHistory';
import { OutboxController } from './outboxController';
import type { SyncRunResult } from './sync/syncEngine';
import { SyncController } from './sync/syncController';
import { DEFAULT_THREAD_LIMIT } from './archive/threadModel';
import { personOf, userOf, type Person } from './model/person';
import { ArchiveWatcher } from './archive/archiveWatcher';
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
  readonly me: Person;
  private readonly changed = new Emitter<DmChange>();
  readonly onDidChange: Event<DmChange> = this.changed.event;
  readonly onDidChangeSyncState: Event<SyncState>;
  private readonly healthChanged = new Emitter<ArchiveHealth>();
  readonly onDidChangeArchiveHealth: Event<ArchiveHealth> = this.healthChanged.event;
  private loading: Promise<void> | undefined;
  private loadingRest: Promise<void> = Promise.resolve();
  private pollIntervalSeconds: number;
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
    this.me = personOf(deps.me);
    this.prefs = deps.prefs ?? new ConversationPrefs(memoryMemento(), deps.me.id);
    this.pollIntervalSeconds = deps.pollIntervalSeconds;
    this.sync = new SyncController({
      api: deps.api,
      store: deps.store,
      clock: deps.clock,
      logger: deps.logger,
      intervalMs: () => this.pollIntervalSeconds * 1000,
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
    if (!store.complete) {
      await store.loadRest().catch((error: unknown) => this.deps.logger.warn(`DM archive threads: ${String(error)}`));
      this.deps.logger.info(`DM archive threads loaded: ${store.eventCount} events in ${this.deps.clock.now() - started} ms.`);
      this.fire({ conversationIds: store.conversationIds(), incoming: [] });
    }
    if (this.disposed) return;
    this.watcher?.start();
    this.compact();
  }

  conversations(): Conversation[] {
    return [...this.deps.store.list()];
  }

  conversation(conversationId: string): Conversation | undefined {
    return this.deps.store.summary(conversationId);
  }

  /** Over what is in memory: before `archiveLoaded()`, threads still on disk match by name and newest message only. */
  search(query: string): Conversation[] {
    return this.deps.store.search(query);
  }

  thread(conversationId: string, options?: { beforeId?: string; limit?: number }): ThreadSlice {
    if (options?.beforeId === undefined) this.shownLimit.set(conversationId, options?.limit ?? DEFAULT_THREAD_LIMIT);
    // Opened before its thread came off disk: read just that one, and announce it (the view rebuilds the thread).
    void this.deps.store.ensureThread(conversationId)?.then((loaded) => {
      if (loaded) this.fire({ conversationIds: [conversationId], incoming: [] });
    });
    return this.deps.store.thread(conversationId, options);
  }

  user(userId: string): Person | undefined {
    const person = this.deps.store.person(userId);
    return userId === this.me.id ? (person ?? this.me) : person;
  }

  knownUsers(): Person[] {
    return this.deps.store.people();
  }

  rememberUsers(people: readonly Person[]): void {
    this.deps.store.rememberUsers(people.filter((p) => p.id !== this.me.id).map(userOf));
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
    if (!this.deps.store.markRead(conversationId, this.deps.clock.now())) return;
    this.fire({ conversationIds: [conversationId], incoming: [] });
  }

  markUnread(conversationId: string): void {
    if (!this.deps.store.summary(conversationId)) return;
    this.deps.store.markUnread(conversationId, this.deps.clock.now());
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
    const conversationId = this.deps.store.deleteEvent(eventId);
    this.fire({ conversationIds: conversationId ? [conversationId] : [], incoming: [] });
  }

  async loadOlder(conversationId: string, options: { shown?: number } = {}): Promise<{ added: number; exhausted: boolean }> {
    await this.archiveLoaded();
    const shown = options.shown ?? this.shownLimit.get(conversationId);
    const archived = this.deps.store.archivedCount(conversationId);
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
    const { mediaId, resourceId } = mediaIdsFor(mediaKey, this.deps.store.media(mediaKey));
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
    if (newEventIds.length > 0) this.compact();
    const conversationIds = new Set(this.deps.store.conversationsOfEvents(newEventIds));
    const fromOthers = this.deps.store.messages(newEventIds).filter((m) => !m.fromMe);
    const othersCount = fromOthers.length;
    const incoming = fromOthers.slice(0, MAX_INCOMING);
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
    this.compaction = store
      .compact((changes) => {
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
    this.healthChanged.dispose();
  }
}
