import type { DmMediaBytes } from '../api/dmApi';
import type { DmEventsPage } from '../api/schemas/dmEvents';
import { Emitter, type Event } from '../util/events';
import { ConversationPrefs, memoryMemento } from './conversationPrefs';
import type { ArchiveHealth, DmChange, DmService, DmServiceSettings, OutboxResult, SendTarget, SyncOutcome, SyncReason, SyncState } from './dmService';
import type { Conversation, ThreadSlice } from './model/conversation';
import { LegacyDmSource } from './source/legacyDmSource';
import { PollInterval } from './sync/pollInterval';
import { DEFAULT_THREAD_LIMIT } from './archive/threadModel';
import { personOf, userOf, type Person } from './model/person';
import { ArchiveSession } from './archive/archiveSession';
import type { OutboxMedia } from './outbox';
import type { DmServiceDeps } from './dmServiceDeps';


/** How many archived items one "load older" reveals at most. */
export const ARCHIVE_STEP = 200;

export class DmServiceImpl implements DmService {
  readonly me: Person;
  private readonly changed = new Emitter<DmChange>();
  readonly onDidChange: Event<DmChange> = this.changed.event;
  readonly onDidChangeSyncState: Event<SyncState>;
  readonly onDidChangeArchiveHealth: Event<ArchiveHealth>;
  private readonly archive: ArchiveSession;
  private readonly pollInterval: PollInterval;
  readonly onDidChangeDelivery: Event<void>;
  /** Legacy DMs are the one source today; X Chat conversations will come from a second `ConversationSource`. */
  private readonly source: LegacyDmSource;
  private disposed = false;
  /** Per conversation, how many newest items the last `thread()` call asked for (what the view shows). */
  private readonly shownLimit = new Map<string, number>();
  private closed: Promise<void> = Promise.resolve();
  private readonly prefs: ConversationPrefs;

  constructor(private readonly deps: DmServiceDeps) {
    this.me = personOf(deps.me);
    this.prefs = deps.prefs ?? new ConversationPrefs(memoryMemento(), deps.me.id);
    this.pollInterval = new PollInterval(deps.pollIntervalSeconds);
    this.onDidChangeDelivery = this.pollInterval.onDidChangeMode;
    this.source = new LegacyDmSource({
      api: deps.api,
      store: deps.store,
      meId: deps.me.id,
      clock: deps.clock,
      logger: deps.logger,
      pollIntervalMs: () => this.pollInterval.ms,
      focused: deps.isWindowFocused,
      notificationsWanted: deps.notificationsWanted,
      online: deps.isOnline,
      syncNow: () => this.syncNow('manual'),
      changed: (change) => this.fire(change),
      stored: () => this.archive.compact(),
    });
    this.onDidChangeSyncState = this.source.onDidChangeSyncState;
    const announce = (change: DmChange): void => this.fire(change);
    const recover = (): void => this.source.recoverAfterReload();
    this.archive = new ArchiveSession(deps.store, deps.clock, deps.logger, deps.watchIntervalMs ?? 2000, announce, recover);
    this.onDidChangeArchiveHealth = this.archive.onDidChangeHealth;
  }

  get archiveHealth(): ArchiveHealth | undefined {
    return this.archive.health;
  }

  ready(): Promise<void> {
    return this.archive.ready();
  }

  archiveLoaded(): Promise<void> {
    return this.archive.loaded();
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
    const slice = this.deps.store.thread(conversationId, options);
    if (!this.source.capabilities(conversationId).canLoadOlder) slice.mayHaveOlderAtX = false;
    return slice;
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
    return this.source.send(target, text, media);
  }

  async retry(localId: string): Promise<OutboxResult> {
    await this.ready();
    return this.source.retry(localId);
  }

  async check(localId: string): Promise<OutboxResult> {
    await this.ready();
    return this.source.check(localId);
  }

  discard(localId: string): void {
    this.source.discard(localId);
  }

  async deleteMessage(eventId: string): Promise<void> {
    await this.archiveLoaded();
    const conversationId = await this.source.deleteMessage(eventId);
    this.fire({ conversationIds: conversationId ? [conversationId] : [], incoming: [] });
  }

  async loadOlder(conversationId: string, options: { shown?: number } = {}): Promise<{ added: number; exhausted: boolean }> {
    await this.archiveLoaded();
    const shown = options.shown ?? this.shownLimit.get(conversationId);
    const archived = this.deps.store.archivedCount(conversationId);
    // Archive first: older items are already here, the thread only has to show more of them.
    if (shown !== undefined && archived > shown) return { added: Math.min(archived - shown, ARCHIVE_STEP), exhausted: false };
    const result = await this.source.loadOlder(conversationId);
    if (result.added > 0 || result.exhausted) this.fire({ conversationIds: [conversationId], incoming: [] });
    return result;
  }

  async fetchMedia(dmEventId: string, mediaKey: string): Promise<DmMediaBytes> {
    return this.source.fetchMedia(dmEventId, mediaKey);
  }

  async syncNow(reason: SyncReason): Promise<SyncOutcome> {
    // Sync tells new events from archived ones by id: every thread must be in memory.
    await this.archiveLoaded();
    return this.source.sync(reason);
  }

  configure(settings: Partial<DmServiceSettings>): void {
    if (settings.pollIntervalSeconds !== undefined) this.pollInterval.setSeconds(settings.pollIntervalSeconds);
    this.source.reschedule();
  }

  get syncState(): SyncState {
    return this.source.syncState;
  }

  ingestPushed(page: DmEventsPage): string[] {
    return this.disposed ? [] : this.source.ingestPushed(page);
  }

  setPollIntervalOverride(ms: number | undefined): void {
    if (!this.disposed && this.pollInterval.setOverride(ms)) this.source.reschedule();
  }

  deliveryMode(): { realTime: boolean; everySeconds: number } {
    return this.pollInterval.mode();
  }

  /** The delay the poll policy would wait now (status bar, tests). */
  nextPollDelayMs(): number {
    return this.source.nextPollDelayMs();
  }

  /** Picks up other windows' archive writes now (the watcher does it every couple of seconds anyway). */
  async refreshFromArchive(): Promise<void> {
    await this.archive.refresh();
  }

  private fire(change: DmChange): void {
    if (!this.disposed) this.changed.fire(change);
  }

  /** Waits for queued archive writes and a running compaction (tests, sign-out). */
  async flush(): Promise<void> {
    await this.archive.flush();
  }

  /** Settles when a disposed service has written its last records and released the sync lease. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.source.dispose();
    this.closed = this.archive.close();
    this.changed.dispose();
    this.pollInterval.dispose();
  }
}
