import type { DmEvent, DmEventType, XMedia, XPost, XUser } from '../../api/model';
import { compareIds, maxId } from '../ids';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type ArchiveRecord,
  type EventRec,
  type MarkedUnread,
  type OlderCursor,
  type OutboxEntry,
  type SnapshotFile,
  type SyncCursor,
} from './schema';

const TYPE_CODES: Record<DmEventType, 0 | 1 | 2> = { MessageCreate: 0, ParticipantsJoin: 1, ParticipantsLeave: 2 };
export const TYPE_NAMES: readonly DmEventType[] = ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave'];

/** What applying records changed, so the service can tell its listeners precisely. */
export interface ChangeSet {
  conversations: Set<string>;
  /** Event ids that were not in the archive before. */
  newEventIds: string[];
  outbox: boolean;
  users: boolean;
}

export function emptyChangeSet(): ChangeSet {
  return { conversations: new Set(), newEventIds: [], outbox: false, users: false };
}

/**
 * The archive in memory: a pure, idempotent fold over `ArchiveRecord`s. Applying the same record twice, or the
 * records of two windows interleaved, gives the same state (events are keyed by id, read marks only move forward,
 * cursors and outbox entries are last-writer-wins by timestamp), which is what lets several windows share one log.
 *
 * Memory: events stay in their compact `EventRec` form; conversation and sender ids are interned so 100,000
 * events share a few hundred id strings instead of holding 200,000 copies.
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
    return [...this.byConversation.keys()];
  }

  hasEvent(eventId: string): boolean {
    return this.events.has(eventId);
  }

  toSnapshot(generation: number, savedAt: number): SnapshotFile {
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

/** X's event → the archive's compact record (undefined when X left out what the archive needs). */
export function toEventRec(event: DmEvent, fallbackTime: number): EventRec | undefined {
  if (!event.dm_conversation_id) return undefined;
  const at = event.created_at ? Date.parse(event.created_at) : NaN;
  const rec: EventRec = {
    i: event.id,
    t: TYPE_CODES[event.event_type],
    c: event.dm_conversation_id,
    a: Number.isFinite(at) ? at : fallbackTime,
  };
  if (event.sender_id) rec.s = event.sender_id;
  if (event.text !== undefined) rec.x = event.text;
  if (event.participant_ids?.length) rec.p = event.participant_ids;
  if (event.attachments?.media_keys?.length) rec.m = event.attachments.media_keys;
  if (event.referenced_tweets?.length) rec.r = event.referenced_tweets.map((t) => t.id);
  if (event.urls?.length) {
    rec.l = event.urls.map((u) => ({
      s: u.start,
      e: u.end,
      u: u.url,
      ...(u.expanded_url !== undefined ? { x: u.expanded_url } : {}),
      ...(u.display_url !== undefined ? { d: u.display_url } : {}),
    }));
  }
  return rec;
}

export function fromEventRec(rec: EventRec): DmEvent {
  const event: DmEvent = {
    id: rec.i,
    event_type: TYPE_NAMES[rec.t] as DmEventType,
    dm_conversation_id: rec.c,
    created_at: new Date(rec.a).toISOString(),
  };
  if (rec.s !== undefined) event.sender_id = rec.s;
  if (rec.x !== undefined) event.text = rec.x;
  if (rec.p) event.participant_ids = rec.p;
  if (rec.m) event.attachments = { media_keys: rec.m };
  if (rec.r) event.referenced_tweets = rec.r.map((id) => ({ id }));
  if (rec.l) {
    event.urls = rec.l.map((l) => ({
      start: l.s,
      end: l.e,
      url: l.u,
      ...(l.x !== undefined ? { expanded_url: l.x } : {}),
      ...(l.d !== undefined ? { display_url: l.d } : {}),
    }));
  }
  return event;
}
