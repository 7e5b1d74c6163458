import type { XMedia } from '../../api/schemas/dmMedia';
import type { XPost } from '../../api/schemas/post';
import type { XUser } from '../../api/schemas/user';
import { emptyChangeSet, type ChangeSet } from './changeSet';
import type { ConversationIndexEntry } from './conversationIndex';
import { compareIds, maxId } from '../model/ids';
import { ARCHIVE_VERSION, type SnapshotHead } from './snapshotFormat';
import {
  ARCHIVE_FORMAT,
  type ArchiveRecord,
  type EventRec,
  type MarkedUnread,
  type OlderCursor,
  type OutboxEntry,
  type SnapshotFile,
  type SyncCursor,
} from './schema';

/**
 * The archive in memory: a pure, idempotent fold over `ArchiveRecord`s, so windows can replay each other's lines.
 * Partial until `complete` when loaded from a snapshot head (src/dm/README.md, "Storage" and "Several windows").
 */
export class ArchiveState {
  readonly events = new Map<string, EventRec>();
  private readonly byConversation = new Map<string, EventRec[]>();
  private readonly unsorted = new Set<string>();
  readonly deleted = new Set<string>();
  readonly users = new Map<string, XUser>();
  readonly media = new Map<string, XMedia>();
  readonly posts = new Map<string, XPost>();
  readonly readMarks = new Map<string, string>();
  readonly markedUnread = new Map<string, MarkedUnread>();
  readonly older = new Map<string, OlderCursor>();
  readonly outbox = new Map<string, OutboxEntry>();
  sync: SyncCursor = { at: 0, firstSyncDone: false };
  newestEventId: string | undefined;
  /** Conversations whose snapshot thread is not in memory yet; the list is built from these entries. */
  readonly index = new Map<string, ConversationIndexEntry>();
  private readonly interned = new Map<string, string>();

  apply(record: ArchiveRecord, changes: ChangeSet = emptyChangeSet()): ChangeSet {
    switch (record.k) {
      case 'h':
        break;
      case 'e':
        this.addEvent(record.e, changes);
        break;
      case 'd':
        this.removeEvent(record.id, changes);
        break;
      case 'u':
        this.users.set(record.u.id, record.u);
        changes.users = true;
        break;
      case 'm':
        this.media.set(record.m.media_key, record.m);
        break;
      case 'p':
        this.posts.set(record.p.id, record.p);
        break;
      case 'r': {
        const current = this.readMarks.get(record.c);
        if (current === undefined || compareIds(record.id, current) > 0) {
          this.readMarks.set(this.intern(record.c), record.id);
          changes.conversations.add(record.c);
        }
        break;
      }
      case 'mu': {
        const current = this.markedUnread.get(record.c);
        if (!current || record.u.at >= current.at) {
          this.markedUnread.set(this.intern(record.c), record.u);
          changes.conversations.add(record.c);
        }
        break;
      }
      case 's':
        if (record.s.at >= this.sync.at) this.sync = record.s;
        break;
      case 'oc':
        this.older.set(record.c, record.o);
        changes.conversations.add(record.c);
        break;
      case 'o': {
        const current = this.outbox.get(record.o.localId);
        if (!current || record.o.updatedAt >= current.updatedAt) {
          this.outbox.set(record.o.localId, record.o);
          changes.outbox = true;
          if (record.o.conversationId) changes.conversations.add(record.o.conversationId);
        }
        break;
      }
      case 'ox': {
        const current = this.outbox.get(record.localId);
        if (current) {
          this.outbox.delete(record.localId);
          changes.outbox = true;
          if (current.conversationId) changes.conversations.add(current.conversationId);
        }
        break;
      }
    }
    return changes;
  }

  private addEvent(rec: EventRec, changes: ChangeSet): void {
    if (this.deleted.has(rec.i) || this.events.has(rec.i)) return;
    rec.c = this.intern(rec.c);
    if (rec.s !== undefined) rec.s = this.intern(rec.s);
    this.events.set(rec.i, rec);
    let list = this.byConversation.get(rec.c);
    if (!list) {
      list = [];
      this.byConversation.set(rec.c, list);
    }
    const last = list[list.length - 1];
    if (last && compareIds(rec.i, last.i) < 0) this.unsorted.add(rec.c);
    list.push(rec);
    this.newestEventId = maxId(this.newestEventId, rec.i);
    changes.conversations.add(rec.c);
    changes.newEventIds.push(rec.i);
  }

  private removeEvent(eventId: string, changes: ChangeSet): void {
    this.deleted.add(eventId);
    const rec = this.events.get(eventId);
    if (!rec) return;
    this.events.delete(eventId);
    const list = this.byConversation.get(rec.c);
    if (list) {
      const index = list.indexOf(rec);
      if (index >= 0) list.splice(index, 1);
      if (list.length === 0) this.byConversation.delete(rec.c);
    }
    changes.conversations.add(rec.c);
  }

  private intern(value: string): string {
    const existing = this.interned.get(value);
    if (existing !== undefined) return existing;
    this.interned.set(value, value);
    return value;
  }

  /** Events of one conversation, oldest first. */
  conversationEvents(conversationId: string): readonly EventRec[] {
    const list = this.byConversation.get(conversationId);
    if (!list) return [];
    if (this.unsorted.has(conversationId)) {
      list.sort((a, b) => compareIds(a.i, b.i));
      this.unsorted.delete(conversationId);
    }
    return list;
  }

  conversationIds(): string[] {
    if (this.index.size === 0) return [...this.byConversation.keys()];
    return [...new Set([...this.index.keys(), ...this.byConversation.keys()])];
  }

  /** Every snapshot thread is in memory. */
  get complete(): boolean {
    return this.index.size === 0;
  }

  /** Brings one conversation's snapshot thread in (once; records applied since stay, deletions hold). */
  loadThread(conversationId: string, events: readonly EventRec[]): boolean {
    if (!this.index.delete(conversationId)) return false;
    const sink = emptyChangeSet();
    // What the log added is usually newer than the snapshot: put it back after the thread, so no sort is needed.
    const later = this.byConversation.get(conversationId) ?? [];
    this.byConversation.delete(conversationId);
    this.unsorted.delete(conversationId);
    for (const e of later) this.events.delete(e.i);
    for (const e of events) this.addEvent(e, sink);
    for (const e of later) this.addEvent(e, sink);
    return true;
  }

  hasEvent(eventId: string): boolean {
    return this.events.has(eventId);
  }

  toSnapshot(generation: number, savedAt: number): SnapshotFile {
    if (!this.complete) throw new Error('the archive is not fully loaded; it cannot be written whole');
    return {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      generation,
      savedAt,
      events: [...this.events.values()],
      deleted: [...this.deleted],
      users: [...this.users.values()],
      media: [...this.media.values()],
      posts: [...this.posts.values()],
      readMarks: Object.fromEntries(this.readMarks),
      markedUnread: Object.fromEntries(this.markedUnread),
      sync: this.sync,
      older: Object.fromEntries(this.older),
      outbox: [...this.outbox.values()],
    };
  }

  loadSnapshot(snapshot: SnapshotFile): void {
    const sink = emptyChangeSet();
    for (const id of snapshot.deleted) this.deleted.add(id);
    for (const e of snapshot.events) this.addEvent(e, sink);
    this.loadContent(snapshot);
  }

  /** A snapshot's head: everything but its threads, which stay on disk behind `index` until loaded. */
  loadHead(head: SnapshotHead): void {
    for (const id of head.deleted) this.deleted.add(id);
    for (const entry of head.conversations) {
      this.index.set(this.intern(entry.c), entry);
      this.newestEventId = maxId(this.newestEventId, entry.last.i);
    }
    this.loadContent(head);
  }

  private loadContent(snapshot: Omit<SnapshotFile, 'events' | 'format' | 'version'>): void {
    for (const u of snapshot.users) this.users.set(u.id, u);
    for (const m of snapshot.media) this.media.set(m.media_key, m);
    for (const p of snapshot.posts) this.posts.set(p.id, p);
    for (const [c, id] of Object.entries(snapshot.readMarks)) this.readMarks.set(this.intern(c), id);
    for (const [c, u] of Object.entries(snapshot.markedUnread)) this.markedUnread.set(this.intern(c), u);
    for (const [c, o] of Object.entries(snapshot.older)) this.older.set(c, o);
    for (const o of snapshot.outbox) this.outbox.set(o.localId, o);
    this.sync = snapshot.sync;
  }
}
