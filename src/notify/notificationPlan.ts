import type { DmItem } from '../dm/model/message';
import type { DmChange } from '../dm/dmService';

/**
 * Decides what to tell the user about messages that just arrived. Pure, so the rules (who is notified about what,
 * grouping, one summary after a long absence instead of a storm) are unit-tested without VS Code.
 */
export interface IncomingBatch {
  /** New items of a sync, in the domain's shape; only messages by others can notify. */
  events: readonly DmItem[];
  /** A sync after a long absence (or a very large one): one summary instead of a storm. */
  backfill?: boolean;
  /** The first sync after sign-in: the user's existing history arriving, which never notifies. */
  firstSync?: boolean;
  /** With `backfill`, how many messages by others arrived (DmService then sends no events). */
  backfillCount?: number;
  /** Conversations the batch touched (used for a backfill summary, which has no events). */
  conversationIds?: readonly string[];
}

/** What the planner needs from one of DmService's changes. */
export function incomingBatch(change: DmChange): IncomingBatch {
  return {
    events: change.incoming,
    firstSync: change.firstSync,
    backfill: change.backfill,
    backfillCount: change.backfillCount,
    conversationIds: change.conversationIds,
  };
}

export interface PlanContext {
  meId: string;
  /** The conversation open in the panel right now; messages there are already in front of the user. */
  visibleConversationId: string | undefined;
  now: number;
  /** Muted conversations never notify, not even inside a summary. */
  isMuted?: (conversationId: string) => boolean;
}

export interface NotifiedMessage {
  eventId: string;
  conversationId: string;
  senderId: string;
  text: string;
  createdAt: number;
}

export type NotificationPlan =
  | { kind: 'none' }
  | { kind: 'single'; message: NotifiedMessage }
  /** A handful arrived together: one notification naming the senders. */
  | { kind: 'group'; messages: NotifiedMessage[]; conversationIds: string[]; senderIds: string[] }
  /** Many, or old ones (a catch-up after a long absence): one quiet summary. */
  | { kind: 'summary'; count: number; conversationIds: string[] };

export interface PlanOptions {
  /** More than this many in one batch becomes a summary. */
  maxGrouped: number;
  /** Messages older than this when they reach us were written while we were away. */
  staleAfterMs: number;
  /** How many notified ids to remember (so a re-delivered event never notifies twice). */
  rememberIds: number;
}

export const defaultPlanOptions: PlanOptions = { maxGrouped: 5, staleAfterMs: 15 * 60_000, rememberIds: 2_000 };

export class NotificationPlanner {
  private readonly seen = new Set<string>();

  constructor(private readonly options: PlanOptions = defaultPlanOptions) {}

  plan(batch: IncomingBatch, context: PlanContext): NotificationPlan {
    const fresh: NotifiedMessage[] = [];
    for (const item of batch.events) {
      if (item.type !== 'message' || !item.senderId) continue;
      if (item.senderId === context.meId || this.seen.has(item.id)) continue;
      this.remember(item.id);
      if (item.conversationId === context.visibleConversationId) continue;
      if (context.isMuted?.(item.conversationId)) continue;
      fresh.push({
        eventId: item.id,
        conversationId: item.conversationId,
        senderId: item.senderId,
        text: item.text,
        createdAt: Number.isFinite(item.createdAt) ? item.createdAt : context.now,
      });
    }
    if (batch.firstSync) return { kind: 'none' };
    if (batch.backfill) {
      const conversationIds = unique([...fresh.map((m) => m.conversationId), ...(batch.conversationIds ?? [])]).filter(
        (id) => !context.isMuted?.(id),
      );
      // A backfill counts messages, not conversations; when every conversation it touched is muted, it says nothing.
      const count = conversationIds.length === 0 && (batch.conversationIds?.length ?? 0) > 0 ? 0 : Math.max(batch.backfillCount ?? 0, fresh.length);
      if (count === 0) return { kind: 'none' };
      return { kind: 'summary', count, conversationIds };
    }
    if (fresh.length === 0) return { kind: 'none' };
    fresh.sort((a, b) => a.createdAt - b.createdAt);
    const conversationIds = unique(fresh.map((m) => m.conversationId));
    const stale = fresh.some((m) => context.now - m.createdAt > this.options.staleAfterMs);
    if (stale || fresh.length > this.options.maxGrouped) {
      return { kind: 'summary', count: fresh.length, conversationIds };
    }
    if (fresh.length === 1) return { kind: 'single', message: fresh[0] };
    return { kind: 'group', messages: fresh, conversationIds, senderIds: unique(fresh.map((m) => m.senderId)) };
  }

  /** Events the user has seen elsewhere (e.g. the panel showed them) never notify later. */
  markSeen(eventIds: Iterable<string>): void {
    for (const id of eventIds) this.remember(id);
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > this.options.rememberIds) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
