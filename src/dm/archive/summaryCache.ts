import type { Conversation } from '../model/conversation';
import type { DmStrings } from '../strings';
import { sortConversations, summarizeConversation } from './conversationModel';
import { summarizeIndexed } from './indexedSummary';
import type { ChangeSet } from './changeSet';
import type { ArchiveState } from './state';
import type { EventRec, OutboxEntry } from './schema';

/** What the summaries are derived from: the store's current state, read on each recomputation. */
export interface SummarySource {
  state(): ArchiveState;
  eventsOf(conversationId: string): readonly EventRec[];
  outboxOf(conversationId: string): OutboxEntry[];
}

/** The conversation list, derived from the archive and recomputed only for conversations that changed. */
export class SummaryCache {
  private readonly summaries = new Map<string, Conversation | undefined>();
  private readonly dirty = new Set<string>();
  private allDirty = true;
  private sorted: Conversation[] | undefined;

  constructor(
    private readonly meId: string,
    private readonly strings: DmStrings,
    private readonly source: SummarySource,
  ) {}

  invalidate(changes: ChangeSet): void {
    if (changes.users) this.invalidateAll();
    for (const id of changes.conversations) this.dirty.add(id);
    if (changes.conversations.size > 0) this.sorted = undefined;
  }

  invalidateAll(): void {
    this.allDirty = true;
    this.sorted = undefined;
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
    const state = this.source.state();
    const ids = new Set(state.conversationIds());
    for (const entry of state.outbox.values()) if (entry.conversationId) ids.add(entry.conversationId);
    for (const id of ids) this.dirty.add(id);
  }

  private compute(conversationId: string): Conversation | undefined {
    const state = this.source.state();
    const readMark = state.readMarks.get(conversationId);
    const input = {
      meId: this.meId,
      users: state.users,
      ...(readMark !== undefined ? { readMark } : {}),
      markedUnread: state.markedUnread.get(conversationId)?.on ?? false,
      outbox: this.source.outboxOf(conversationId),
      strings: this.strings,
    };
    const events = state.conversationEvents(conversationId);
    const entry = state.index.get(conversationId);
    if (entry) return summarizeIndexed(entry, events, input, (id) => state.deleted.has(id));
    return summarizeConversation({ ...input, conversationId, events });
  }
}
