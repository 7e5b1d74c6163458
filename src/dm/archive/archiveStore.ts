import type { DmEventsPage } from '../../api/schemas/dmEvents';
import type { XUser } from '../../api/schemas/user';
import type { Logger } from '../../util/logger';
import type { Conversation } from '../model/conversation';
import type { DmStrings } from '../strings';
import type { DiskArchive } from './diskArchive';
import type { LoadReport } from './loadArchive';
import { pageRecords, readRecords, sentRecords } from './records';
import type { ArchiveRecord, OlderCursor, OutboxEntry, SyncCursor } from './schema';
import { searchConversations } from './search';
import type { SnapshotThreads } from './snapshotThreads';
import { ArchiveReader } from './archiveReader';
import { emptyChangeSet, type ChangeSet } from './changeSet';
import type { ArchiveState } from './state';
import { SummaryCache } from './summaryCache';
import { loadOneThread } from './threadLoader';

/**
 * The archive as the rest of `src/dm` sees it: queries that answer in domain terms and writes named by intent;
 * records and their short keys stay behind it. One `ArchiveState` in memory, optionally mirrored to a
 * `DiskArchive` (memory-only when `xdm.cache.enabled` is false). Every write is applied to memory at once (the UI
 * never waits for the disk), then appended to the log in the background.
 *
 * A cold start loads the snapshot's head only (`load`); threads follow in the background (`loadRest`), or one at
 * a time when a conversation is opened first (`ensureThread`). docs/decisions/004-archive-index.md.
 */
export class ArchiveStore extends ArchiveReader {
  private readonly summaries: SummaryCache;
  private readonly pendingWrites = new Set<ArchiveRecord>();
  /** Threads of the loaded snapshot still on disk (until `loadRest` has read them). */
  private threads: SnapshotThreads | undefined;
  private readonly threadReads = new Map<string, Promise<boolean>>();

  constructor(
    meId: string,
    readonly disk: DiskArchive | undefined,
    strings: DmStrings,
    private readonly logger: Logger,
  ) {
    super(meId);
    this.summaries = new SummaryCache(meId, strings, {
      state: () => this.state,
      eventsOf: (id) => this.eventsOf(id),
      outboxOf: (id) => this.outboxOf(id),
    });
  }

  async load(): Promise<LoadReport | undefined> {
    if (!this.disk) return undefined;
    try {
      const { state, report, threads } = await this.disk.load({ lazy: true });
      this.replaceState(state);
      this.threads = threads;
      return report;
    } catch (error) {
      this.disk.markUnusable(error);
      throw error;
    }
  }

  /** Reads every thread still on disk into memory; after it, the state is complete unless the disk failed. */
  async loadRest(): Promise<void> {
    const { threads, disk } = this;
    if (!threads || !disk) return;
    const state = this.state;
    await disk.loadThreads(state, threads);
    this.threads = undefined;
    if (this.state === state) this.summaries.invalidateAll();
  }

  /** Brings one conversation's thread in ahead of the rest; resolves true when it was read now. */
  ensureThread(conversationId: string): Promise<boolean> | undefined {
    const { threads, disk, state } = this;
    if (!threads || !disk || !state.index.has(conversationId)) return undefined;
    let read = this.threadReads.get(conversationId);
    if (!read) {
      read = loadOneThread(state, threads, conversationId, this.logger).then((loaded) => {
        this.threadReads.delete(conversationId);
        if (loaded && this.state === state) this.summaries.invalidate({ ...emptyChangeSet(), conversations: new Set([conversationId]) });
        return loaded;
      });
      this.threadReads.set(conversationId, read);
    }
    return read;
  }

  /** Swaps in a freshly loaded state (another window compacted or cleared), keeping writes still in flight. */
  replaceState(state: ArchiveState): void {
    for (const record of this.pendingWrites) state.apply(record);
    // Records whose write failed wait in the disk layer for the next write; they must not vanish from view.
    for (const record of this.disk?.pendingRecords ?? []) state.apply(record);
    this.state = state;
    this.summaries.invalidateAll();
  }

  /** Applies records another window wrote (already on disk). */
  applyExternal(records: ArchiveRecord[]): ChangeSet {
    const changes = emptyChangeSet();
    for (const record of records) this.state.apply(record, changes);
    this.summaries.invalidate(changes);
    return changes;
  }

  /** Compacts the disk archive when due (or `force`d); what other windows appended meanwhile is applied and reported. */
  async compact(onExternal: (changes: ChangeSet) => void = () => undefined, force = false): Promise<boolean> {
    if (!this.disk) return false;
    return this.disk.compactIfNeeded(this.state, (records) => onExternal(this.applyExternal(records)), force);
  }

  private commit(records: ArchiveRecord[]): ChangeSet {
    const changes = emptyChangeSet();
    for (const record of records) this.state.apply(record, changes);
    this.summaries.invalidate(changes);
    if (this.disk && records.length > 0) {
      for (const r of records) this.pendingWrites.add(r);
      void this.disk
        .append(records)
        .catch(() => undefined)
        .finally(() => {
          for (const r of records) this.pendingWrites.delete(r);
        });
    }
    return changes;
  }

  // Writes, named by what happened.
  addPage(page: DmEventsPage, now: number): ChangeSet {
    return this.commit(pageRecords(this.state, page, now, this.logger));
  }
  saveSyncCursor(cursor: SyncCursor): void {
    this.commit([{ k: 's', s: cursor }]);
  }
  saveOlderCursor(conversationId: string, cursor: OlderCursor): void {
    this.commit([{ k: 'oc', c: conversationId, o: cursor }]);
  }
  rememberUsers(users: readonly XUser[]): void {
    const records = users.filter((u) => !this.state.users.has(u.id)).map((u): ArchiveRecord => ({ k: 'u', u }));
    if (records.length > 0) this.commit(records);
  }
  /** Returns the conversation the event was in, when the archive held it. */
  deleteEvent(eventId: string): string | undefined {
    const conversationId = this.state.events.get(eventId)?.c;
    this.commit([{ k: 'd', id: eventId }]);
    return conversationId;
  }
  /** False when the conversation was already read up to its newest event. */
  markRead(conversationId: string, now: number): boolean {
    const records = readRecords(this.state, this.newestEventId(conversationId), conversationId, now);
    if (records.length > 0) this.commit(records);
    return records.length > 0;
  }
  markUnread(conversationId: string, now: number): void {
    this.commit([{ k: 'mu', c: conversationId, u: { at: now, on: true } }]);
  }
  saveOutbox(entries: readonly OutboxEntry[], removeLocalIds: readonly string[] = []): void {
    const records: ArchiveRecord[] = entries.map((o) => ({ k: 'o', o }));
    for (const localId of removeLocalIds) records.push({ k: 'ox', localId });
    if (records.length > 0) this.commit(records);
  }
  /** X acknowledged `entry` as `eventId`: the message replaces the entry. */
  recordSent(entry: OutboxEntry, eventId: string, conversationId: string, now: number): void {
    this.commit(sentRecords(this.state, entry, eventId, conversationId, now));
  }

  // The conversation list, kept derived by the summary cache.
  list(): Conversation[] {
    return this.summaries.list();
  }
  summary(conversationId: string): Conversation | undefined {
    return this.summaries.summary(conversationId);
  }
  /** Over what is in memory: threads still on disk match by name and newest message only. */
  search(query: string): Conversation[] {
    return searchConversations(this.summaries.list(), (id) => this.eventsOf(id), query);
  }
}
