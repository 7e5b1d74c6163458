import type { DmEventsPage } from '../api/schemas/dmEvents';
import type { XUser } from '../api/schemas/user';
import type { Logger } from '../util/logger';
import type { DiskArchive, LoadReport } from './archive/diskArchive';
import type { SnapshotThreads } from './archive/snapshotThreads';
import { loadOneThread } from './archive/threadLoader';
import type { ArchiveRecord, EventRec, OutboxEntry } from './archive/schema';
import { ArchiveState, emptyChangeSet, toEventRec, type ChangeSet } from './archive/state';
import { sortConversations, summarizeConversation } from './conversationModel';
import { summarizeIndexed } from './indexedSummary';
import { compareIds } from './model/ids';
import type { Conversation } from './model/conversation';
import type { DmStrings } from './strings';

/**
 * The archive as the service sees it: one `ArchiveState` in memory, optionally mirrored to a `DiskArchive`
 * (memory-only when `xdm.cache.enabled` is false), plus the cache of derived conversation summaries. Every
 * mutation goes through `commit(records)`: applied to memory at once (the UI never waits for the disk), then
 * appended to the log in the background.
 *
 * A cold start loads the snapshot's head only (`load`): the list is built from its conversation index, and the
 * threads follow in the background (`loadRest`), or one at a time when a conversation is opened first
 * (`ensureThread`). docs/decisions/004-archive-index.md.
 */
export class ArchiveStore {
  state = new ArchiveState();
  private readonly summaries = new Map<string, Conversation | undefined>();
  private readonly dirty = new Set<string>();
  private allDirty = true;
  private sorted: Conversation[] | undefined;
  private pendingWrites = new Set<ArchiveRecord>();
  /** Threads of the loaded snapshot still on disk (until `loadRest` has read them). */
  private threads: SnapshotThreads | undefined;
  private readonly threadReads = new Map<string, Promise<boolean>>();

  constructor(
    readonly meId: string,
    readonly disk: DiskArchive | undefined,
    private readonly strings: DmStrings,
    private readonly logger: Logger,
  ) {}

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
    if (this.state === state) this.invalidateAll();
  }

  /**
   * Brings one conversation's thread in ahead of the rest (it was opened before the background load got to it).
   * Resolves true when it was read now; the caller announces the change.
   */
  ensureThread(conversationId: string): Promise<boolean> | undefined {
    const { threads, disk, state } = this;
    if (!threads || !disk || !state.index.has(conversationId)) return undefined;
    let read = this.threadReads.get(conversationId);
    if (!read) {
      read = loadOneThread(state, threads, conversationId, this.logger).then((loaded) => {
        this.threadReads.delete(conversationId);
        if (loaded && this.state === state) this.invalidate({ ...emptyChangeSet(), conversations: new Set([conversationId]) });
        return loaded;
      });
      this.threadReads.set(conversationId, read);
    }
    return read;
  }

  /** The newest event id of a conversation, whether or not its thread is in memory. */
  newestEventId(conversationId: string): string | undefined {
    const events = this.eventsOf(conversationId);
    return events[events.length - 1]?.i;
  }

  /** Swaps in a freshly loaded state (another window compacted or cleared), keeping writes still in flight. */
  replaceState(state: ArchiveState): void {
    for (const record of this.pendingWrites) state.apply(record);
    // Records whose write failed wait in the disk layer for the next write; they must not vanish from view.
    for (const record of this.disk?.pendingRecords ?? []) state.apply(record);
    this.state = state;
    this.invalidateAll();
  }

  commit(records: ArchiveRecord[]): ChangeSet {
    const changes = emptyChangeSet();
    for (const record of records) this.state.apply(record, changes);
    this.invalidate(changes);
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

  /** Applies records another window wrote (already on disk). */
  applyExternal(records: ArchiveRecord[]): ChangeSet {
    const changes = emptyChangeSet();
    for (const record of records) this.state.apply(record, changes);
    this.invalidate(changes);
    return changes;
  }

  invalidate(changes: ChangeSet): void {
    if (changes.users) this.invalidateAll();
    for (const id of changes.conversations) this.dirty.add(id);
    if (changes.conversations.size > 0) this.sorted = undefined;
  }

  invalidateAll(): void {
    this.allDirty = true;
    this.sorted = undefined;
  }

  /** Records for one page of X's answer: new events, and includes that add or change something. */
  recordsForPage(page: DmEventsPage, now: number): ArchiveRecord[] {
    const records: ArchiveRecord[] = [];
    for (const event of page.events) {
      if (this.state.hasEvent(event.id) || this.state.deleted.has(event.id)) continue;
      const rec = toEventRec(event, now);
      if (rec) records.push({ k: 'e', e: rec });
      else this.logger.debug(`DM event ${event.id} has no conversation id; not archived.`);
    }
    for (const user of page.includes.users) {
      if (!sameUser(this.state.users.get(user.id), user)) records.push({ k: 'u', u: user });
    }
    for (const media of page.includes.media) {
      const known = this.state.media.get(media.media_key);
      if (!known) records.push({ k: 'm', m: media });
      // A record the outbox wrote for a sent attachment has no URL yet: X's copy completes it, keeping the alt text.
      else if (known.url === undefined && media.url !== undefined) records.push({ k: 'm', m: { ...media, alt_text: media.alt_text ?? known.alt_text } });
    }
    for (const post of page.includes.tweets) {
      if (!this.state.posts.has(post.id)) records.push({ k: 'p', p: post });
    }
    return records;
  }

  outboxOf(conversationId: string): OutboxEntry[] {
    const list: OutboxEntry[] = [];
    for (const entry of this.state.outbox.values()) if (entry.conversationId === conversationId) list.push(entry);
    return list;
  }

  summary(conversationId: string): Conversation | undefined {
    if (this.allDirty) this.refreshAll();
    if (this.dirty.has(conversationId) || !this.summaries.has(conversationId)) {
      this.summaries.set(conversationId, this.compute(conversationId));
      this.dirty.delete(conversationId);
    }
    return this.summaries.get(conversationId);
  }

  /** Sorted by last activity; only conversations that changed are recomputed. */
  list(): Conversation[] {
    if (this.sorted && !this.allDirty && this.dirty.size === 0) return this.sorted;
    if (this.allDirty) this.refreshAll();
    for (const id of this.dirty) this.summaries.set(id, this.compute(id));
    this.dirty.clear();
    const list: Conversation[] = [];
    for (const s of this.summaries.values()) if (s) list.push(s);
    this.sorted = sortConversations(list);
    return this.sorted;
  }

  private refreshAll(): void {
    this.allDirty = false;
    this.summaries.clear();
    this.dirty.clear();
    const ids = new Set(this.state.conversationIds());
    for (const entry of this.state.outbox.values()) if (entry.conversationId) ids.add(entry.conversationId);
    for (const id of ids) this.dirty.add(id);
  }

  private compute(conversationId: string): Conversation | undefined {
    const readMark = this.state.readMarks.get(conversationId);
    const input = {
      meId: this.meId,
      users: this.state.users,
      ...(readMark !== undefined ? { readMark } : {}),
      markedUnread: this.state.markedUnread.get(conversationId)?.on ?? false,
      outbox: this.outboxOf(conversationId),
      strings: this.strings,
    };
    const events = this.state.conversationEvents(conversationId);
    const entry = this.state.index.get(conversationId);
    if (entry) return summarizeIndexed(entry, events, input, (id) => this.state.deleted.has(id));
    return summarizeConversation({ ...input, conversationId, events });
  }

  /** Oldest first. A thread still on disk shows its newest event (from the index) and what came after it. */
  eventsOf(conversationId: string): readonly EventRec[] {
    const events = this.state.conversationEvents(conversationId);
    const last = this.state.index.get(conversationId)?.last;
    if (!last || this.state.deleted.has(last.i) || events.some((e) => e.i === last.i)) return events;
    return [last, ...events].sort((a, b) => compareIds(a.i, b.i));
  }
}

function sameUser(a: XUser | undefined, b: XUser): boolean {
  if (!a) return false;
  return (
    a.name === b.name &&
    a.username === b.username &&
    a.profile_image_url === b.profile_image_url &&
    a.verified === b.verified &&
    a.protected === b.protected &&
    a.receives_your_dm === b.receives_your_dm
  );
}
