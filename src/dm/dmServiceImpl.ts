import type { DmMediaBytes } from '../api/dmApi';
import type { DmEventsPage } from '../api/schemas/dmEvents';
import { Emitter, type Event } from '../util/events';
import { ConversationPrefs, memoryMemento } from './conversationPrefs';
import type { ArchiveHealth, DmChange, DmService, DmServiceSettings, EncryptedChats, OutboxResult, SendTarget, SyncOutcome, SyncReason, SyncState } from './dmService';
import type { Conversation, ThreadSlice } from './model/conversation';
import type { ConversationCapabilities } from './source/conversationSource';
import { LegacyDmSource } from './source/legacyDmSource';
import { XChatRouting, byActivity } from './source/xchatRouting';
import { PollInterval } from './sync/pollInterval';
import { DEFAULT_THREAD_LIMIT } from './archive/threadModel';
import { personOf, userOf, type Person } from './model/person';
import { ArchiveSession } from './archive/archiveSession';
import type { OutboxMedia } from './outbox';
import type { DmServiceDeps } from './dmServiceDeps';
import { defaultStrings } from './strings';
export class DmServiceImpl implements DmService {
  readonly me: Person;
  private readonly changed = new Emitter<DmChange>();
  readonly onDidChange: Event<DmChange> = this.changed.event;
  readonly onDidChangeSyncState: Event<SyncState>;
  readonly onDidChangeArchiveHealth: Event<ArchiveHealth>;
  private readonly archive: ArchiveSession;
  private readonly pollInterval: PollInterval;
  readonly onDidChangeDelivery: Event<void>;
  /** Legacy DMs; X Chat (`xchat-` refs), when the account can use it, is routed to `xchat`. */
  private readonly source: LegacyDmSource;
  private readonly xchat: XChatRouting | undefined;
  readonly encryptedChats?: EncryptedChats;
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
    const { api, store, clock, logger, isOnline: online, notificationsWanted } = deps;
    const changed = (change: DmChange): void => this.fire(change);
    this.source = new LegacyDmSource({
      ...{ api, store, clock, logger, online, notificationsWanted, changed, meId: deps.me.id, focused: deps.isWindowFocused },
      pollIntervalMs: () => this.pollInterval.ms,
      syncNow: () => this.archiveLoaded().then(() => this.source.sync('manual')), // the outbox's check: legacy only
      stored: () => this.archive.compact(),
      polled: () => this.xchat?.afterSync('poll'),
    });
    const xchatDeps = { meId: deps.me.id, strings: deps.strings ?? defaultStrings, now: () => clock.now(), logger, online, changed };
    this.xchat = deps.xchat && new XChatRouting({ ...deps.xchat, ...xchatDeps, legacyDirectWith: (userId) => this.source.directWith(userId) });
    this.encryptedChats = this.xchat;
    this.onDidChangeSyncState = this.source.onDidChangeSyncState;
    this.archive = new ArchiveSession(store, clock, logger, deps.watchIntervalMs ?? 2000, changed, () => this.source.recoverAfterReload());
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
    return byActivity(this.deps.store.list(), this.xchat?.conversations());
  }

  conversation(conversationId: string): Conversation | undefined {
    return this.sourceOf(conversationId).conversation(conversationId);
  }

  /** Over what is in memory: before `archiveLoaded()`, threads still on disk match by name and newest message only. */
  search(query: string): Conversation[] {
    return byActivity(this.deps.store.search(query), this.xchat?.search(query));
  }

  capabilities(conversationId: string): ConversationCapabilities {
    return this.sourceOf(conversationId).capabilities(conversationId);
  }

  thread(conversationId: string, options?: { beforeId?: string; limit?: number }): ThreadSlice {
    if (options?.beforeId === undefined) this.shownLimit.set(conversationId, options?.limit ?? DEFAULT_THREAD_LIMIT);
    return this.sourceOf(conversationId).thread(conversationId, options);
  }

  user(userId: string): Person | undefined {
    const person = this.deps.store.person(userId) ?? this.xchat?.person(userId);
    return userId === this.me.id ? (person ?? this.me) : person;
  }

  knownUsers(): Person[] {
    return this.xchat ? this.xchat.withPeople(this.deps.store.people()) : this.deps.store.people();
  }

  rememberUsers(people: readonly Person[]): void {
    this.deps.store.rememberUsers(people.filter((p) => p.id !== this.me.id).map(userOf));
  }

  totalUnread(): number {
    return this.conversations().reduce((total, s) => (s.unread > 0 && !this.prefs.isMuted(s.id) ? total + s.unread : total), 0);
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
    await this.source.setBlocked(userId, blocked, this.prefs);
  }

  markRead(conversationId: string): void {
    this.sourceOf(conversationId).markRead(conversationId);
  }

  markUnread(conversationId: string): void {
    this.sourceOf(conversationId).markUnread(conversationId);
  }

  async send(target: SendTarget, text: string, media?: OutboxMedia): Promise<OutboxResult> {
    await this.ready();
    const legacy = (): Promise<OutboxResult> => this.source.send(target, text, media);
    return this.xchat ? this.xchat.send(target, text, media, legacy) : legacy();
  }

  async retry(localId: string): Promise<OutboxResult> {
    await this.ready();
    return this.outboxOf(localId).retry(localId);
  }

  async check(localId: string): Promise<OutboxResult> {
    await this.ready();
    return this.outboxOf(localId).check(localId);
  }

  discard(localId: string): void {
    this.outboxOf(localId).discard(localId);
  }

  async deleteMessage(eventId: string): Promise<void> {
    await this.xchat?.refuseDelete(eventId);
    await this.archiveLoaded();
    const conversationId = await this.source.deleteMessage(eventId);
    this.fire({ conversationIds: conversationId ? [conversationId] : [], incoming: [] });
  }

  async loadOlder(conversationId: string, options: { shown?: number } = {}): Promise<{ added: number; exhausted: boolean }> {
    const source = this.sourceOf(conversationId);
    if (source === this.source) await this.archiveLoaded();
    return source.loadOlder(conversationId, options.shown ?? this.shownLimit.get(conversationId));
  }

  async fetchMedia(dmEventId: string, mediaKey: string): Promise<DmMediaBytes> {
    if (this.xchat?.source.hasMessage(dmEventId)) return this.xchat.source.fetchMedia(dmEventId, mediaKey);
    return this.source.fetchMedia(dmEventId, mediaKey);
  }

  async syncNow(reason: SyncReason): Promise<SyncOutcome> {
    // Sync tells new events from archived ones by id: every thread must be in memory.
    await this.archiveLoaded();
    try {
      return await this.source.sync(reason);
    } finally {
      // X Chat follows the legacy sync (the first one asks whether the account has keys at all); it never throws.
      await this.xchat?.afterSync(reason);
    }
  }

  async sendTyping(conversationId: string): Promise<void> {
    if (!this.disposed) await this.xchat?.sendTyping(conversationId);
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

  /** X Chat answers for its `xchat-` refs, legacy DMs for everything else. */
  private sourceOf(conversationId: string): LegacyDmSource | XChatRouting {
    return this.xchat?.owns(conversationId) ? this.xchat : this.source;
  }

  private outboxOf(localId: string): LegacyDmSource | XChatRouting {
    return this.xchat?.ownsLocal(localId) ? this.xchat : this.source;
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
    this.xchat?.dispose();
    this.closed = this.archive.close();
    this.changed.dispose();
    this.pollInterval.dispose();
  }
}
