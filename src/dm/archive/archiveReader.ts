import type { XMedia } from '../../api/schemas/dmMedia';
import type { ThreadSlice } from '../model/conversation';
import { compareIds } from '../model/ids';
import type { DmMessage } from '../model/message';
import { personOf, type Person } from '../model/person';
import type { EventRec, OlderCursor, OutboxEntry, SyncCursor } from './schema';
import { ArchiveState } from './state';
import { buildThread, messageOf } from './threadModel';

/**
 * The read side of the archive: answers in domain terms (messages, people, cursors), so event records and their
 * short keys stay inside `src/dm/archive`. `ArchiveStore` adds loading and writing.
 */
export class ArchiveReader {
  protected state = new ArchiveState();

  constructor(readonly meId: string) {}

  /** Every snapshot thread is in memory (sync, search over text and compaction need that). */
  get complete(): boolean {
    return this.state.complete;
  }
  get eventCount(): number {
    return this.state.events.size;
  }
  conversationIds(): string[] {
    return this.state.conversationIds();
  }
  thread(conversationId: string, options?: { beforeId?: string; limit?: number }): ThreadSlice {
    const { users, media, posts, older } = this.state;
    const events = this.eventsOf(conversationId);
    const outbox = this.outboxOf(conversationId);
    const mayHaveOlderAtX = !(older.get(conversationId)?.exhausted ?? false);
    return buildThread({ conversationId, events, meId: this.meId, users, media, posts, outbox, mayHaveOlderAtX }, options);
  }
  /** How many events of a conversation the archive holds (in memory, plus its indexed newest one). */
  archivedCount(conversationId: string): number {
    return this.eventsOf(conversationId).length;
  }
  oldestEventId(conversationId: string): string | undefined {
    return this.eventsOf(conversationId)[0]?.i;
  }
  newestEventId(conversationId: string): string | undefined {
    const events = this.eventsOf(conversationId);
    return events[events.length - 1]?.i;
  }
  /** Archived messages with these ids, oldest first; system lines and unknown ids are left out. */
  messages(eventIds: Iterable<string>): DmMessage[] {
    const list: DmMessage[] = [];
    for (const id of eventIds) {
      const rec = this.state.events.get(id);
      if (rec?.t === 0) list.push(this.messageOf(rec));
    }
    return list;
  }
  /** Messages of one conversation, oldest first. */
  messagesOf(conversationId: string): DmMessage[] {
    return this.eventsOf(conversationId).flatMap((rec) => (rec.t === 0 ? [this.messageOf(rec)] : []));
  }
  /** Messages of every conversation sent at or after `at` (epoch ms). */
  messagesSince(at: number): DmMessage[] {
    const list: DmMessage[] = [];
    for (const rec of this.state.events.values()) if (rec.t === 0 && rec.a >= at) list.push(this.messageOf(rec));
    return list;
  }
  /** The conversations these events are in (those the archive holds). */
  conversationsOfEvents(eventIds: Iterable<string>): string[] {
    const ids: string[] = [];
    for (const id of eventIds) {
      const rec = this.state.events.get(id);
      if (rec) ids.push(rec.c);
    }
    return ids;
  }
  /** Whether sync has seen this event id (archived, or deleted here). */
  isKnownEvent(eventId: string): boolean {
    return this.state.hasEvent(eventId) || this.state.deleted.has(eventId);
  }
  person(userId: string): Person | undefined {
    const user = this.state.users.get(userId);
    return user && personOf(user);
  }
  people(): Person[] {
    return [...this.state.users.values()].map(personOf);
  }
  media(mediaKey: string): XMedia | undefined {
    return this.state.media.get(mediaKey);
  }
  syncCursor(): SyncCursor {
    return this.state.sync;
  }
  olderCursor(conversationId: string): OlderCursor | undefined {
    return this.state.older.get(conversationId);
  }
  outboxEntry(localId: string): OutboxEntry | undefined {
    return this.state.outbox.get(localId);
  }
  outboxEntries(): OutboxEntry[] {
    return [...this.state.outbox.values()];
  }
  outboxOf(conversationId: string): OutboxEntry[] {
    const list: OutboxEntry[] = [];
    for (const entry of this.state.outbox.values()) if (entry.conversationId === conversationId) list.push(entry);
    return list;
  }

  protected messageOf(rec: EventRec): DmMessage {
    const { users, media, posts } = this.state;
    return messageOf(rec, { meId: this.meId, users, media, posts });
  }

  /** Oldest first. A thread still on disk shows its newest event (from the index) and what came after it. */
  protected eventsOf(conversationId: string): readonly EventRec[] {
    const events = this.state.conversationEvents(conversationId);
    const last = this.state.index.get(conversationId)?.last;
    if (!last || this.state.deleted.has(last.i) || events.some((e) => e.i === last.i)) return events;
    return [last, ...events].sort((a, b) => compareIds(a.i, b.i));
  }
}
