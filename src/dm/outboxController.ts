import type { XDmApi } from '../api/dmApi';
import type { SendResult } from '../api/model';
import type { ArchiveRecord, OutboxEntry } from './archive/schema';
import type { ArchiveStore } from './archiveStore';
import type { OutboxResult, SendTarget, SyncOutcome } from './dmService';
import {
  GIVE_UP_AFTER_MS,
  INTERRUPTED_REASON,
  NOT_DELIVERED_REASON,
  classifySendFailure,
  newOutboxEntry,
  reconcile,
} from './outbox';

/**
 * Sending with an outbox: the message is archived as `pending` before the request leaves (so the thread shows it
 * at once and it survives a reload), X's 201 turns it into a real event, a definite refusal keeps it as `failed`
 * with the reason, and an ambiguous failure keeps it `unconfirmed` until a sync finds it — never sent twice.
 */
export interface OutboxDeps {
  api: XDmApi;
  store: ArchiveStore;
  meId: string;
  now: () => number;
  newLocalId: () => string;
  changed: (conversationIds: string[]) => void;
  syncNow: () => Promise<SyncOutcome>;
}

export class OutboxController {
  /** localId → event id, for entries a sync reconciled (so `retry` can answer "sent"). */
  private readonly reconciled = new Map<string, { eventId: string; conversationId: string }>();
  /** Sends this window is waiting on: a retry of one of these would risk sending twice. */
  private readonly inFlight = new Map<string, Promise<OutboxResult>>();

  constructor(private readonly deps: OutboxDeps) {}

  async send(target: SendTarget, text: string): Promise<OutboxResult> {
    const entry = newOutboxEntry(target, text, this.deps.meId, this.deps.now(), this.deps.newLocalId());
    this.put(entry);
    return this.attempt(entry);
  }

  async retry(localId: string): Promise<OutboxResult> {
    const done = this.reconciled.get(localId);
    if (done) return { status: 'sent', conversationId: done.conversationId, eventId: done.eventId };
    const running = this.inFlight.get(localId);
    if (running) return running;
    let entry = this.deps.store.state.outbox.get(localId);
    if (!entry) return { status: 'failed', localId, reason: 'This message is no longer in the outbox.' };
    if (entry.status === 'unconfirmed' || entry.status === 'pending') {
      // It may have arrived: look before sending it a second time.
      await this.deps.syncNow().catch(() => undefined);
      const found = this.reconciled.get(localId);
      if (found) return { status: 'sent', conversationId: found.conversationId, eventId: found.eventId };
      entry = this.deps.store.state.outbox.get(localId);
      if (!entry) return { status: 'failed', localId, reason: 'This message is no longer in the outbox.' };
      if (entry.status === 'unconfirmed') return { status: 'unconfirmed', localId, reason: entry.reason ?? INTERRUPTED_REASON };
    }
    const next: OutboxEntry = { ...entry, status: 'pending', attempts: entry.attempts + 1, updatedAt: this.deps.now() };
    delete next.reason;
    this.put(next);
    return this.attempt(next);
  }

  discard(localId: string): void {
    const entry = this.deps.store.state.outbox.get(localId);
    if (!entry) return;
    this.deps.store.commit([{ k: 'ox', localId }]);
    this.deps.changed(entry.conversationId ? [entry.conversationId] : []);
  }

  /** After a reload: a send that was in flight when the window closed may or may not have reached X. */
  recoverAfterReload(): void {
    const records: ArchiveRecord[] = [];
    for (const entry of this.deps.store.state.outbox.values()) {
      if (entry.status === 'pending') {
        records.push({ k: 'o', o: { ...entry, status: 'unconfirmed', reason: INTERRUPTED_REASON, updatedAt: this.deps.now() } });
      }
    }
    if (records.length > 0) this.deps.store.commit(records);
  }

  /**
   * Matches open entries against what the archive now holds; returns the conversations that changed. Entries
   * still unmatched after a complete sync well after their failure never reached X: they become `failed`.
   */
  reconcileAfterSync(newEventIds: string[], syncComplete: boolean): string[] {
    const state = this.deps.store.state;
    const open = [...state.outbox.values()].filter((e) => e.status === 'unconfirmed');
    if (open.length === 0) return [];
    const candidates = new Map<string, NonNullable<ReturnType<typeof state.events.get>>>();
    for (const id of newEventIds) {
      const rec = state.events.get(id);
      if (rec) candidates.set(id, rec);
    }
    for (const entry of open) {
      if (!entry.conversationId) continue;
      for (const rec of this.deps.store.eventsOf(entry.conversationId)) candidates.set(rec.i, rec);
    }
    const matches = reconcile(open, candidates.values(), this.deps.meId);
    const records: ArchiveRecord[] = [];
    const touched = new Set<string>();
    const now = this.deps.now();
    for (const entry of open) {
      const eventId = matches.get(entry.localId);
      if (eventId !== undefined) {
        const conversationId = state.events.get(eventId)?.c ?? entry.conversationId ?? '';
        this.reconciled.set(entry.localId, { eventId, conversationId });
        records.push({ k: 'ox', localId: entry.localId });
        touched.add(conversationId);
      } else if (syncComplete && now - entry.updatedAt > GIVE_UP_AFTER_MS) {
        records.push({ k: 'o', o: { ...entry, status: 'failed', reason: NOT_DELIVERED_REASON, updatedAt: now } });
        if (entry.conversationId) touched.add(entry.conversationId);
      }
    }
    if (records.length > 0) this.deps.store.commit(records);
    return [...touched].filter(Boolean);
  }

  private attempt(entry: OutboxEntry): Promise<OutboxResult> {
    const running = this.sendOnce(entry).finally(() => this.inFlight.delete(entry.localId));
    this.inFlight.set(entry.localId, running);
    return running;
  }

  private async sendOnce(entry: OutboxEntry): Promise<OutboxResult> {
    const { api } = this.deps;
    const message = { text: entry.text };
    let result: SendResult;
    try {
      const target = entry.target;
      if ('conversationId' in target) result = await api.sendToConversation(target.conversationId, message);
      else if ('participantId' in target) result = await api.sendToParticipant(target.participantId, message);
      else result = await api.createGroupConversation(target.groupParticipantIds, message);
    } catch (error) {
      const failure = classifySendFailure(error);
      const current = this.deps.store.state.outbox.get(entry.localId);
      if (current) this.put({ ...current, status: failure.status, reason: failure.reason, updatedAt: this.deps.now() });
      return { status: failure.status, localId: entry.localId, reason: failure.reason };
    }
    const conversationId = result.dm_conversation_id;
    this.deps.store.commit([
      {
        k: 'e',
        e: { i: result.dm_event_id, t: 0, c: conversationId, s: this.deps.meId, a: this.deps.now(), x: entry.text, ...membersOf(entry) },
      },
      { k: 'ox', localId: entry.localId },
    ]);
    this.deps.changed([conversationId, ...(entry.conversationId && entry.conversationId !== conversationId ? [entry.conversationId] : [])]);
    return { status: 'sent', conversationId, eventId: result.dm_event_id };
  }

  private put(entry: OutboxEntry): void {
    this.deps.store.commit([{ k: 'o', o: entry }]);
    this.deps.changed(entry.conversationId ? [entry.conversationId] : []);
  }
}

/**
 * The people a new group was created with, kept on its first message: until a sync brings X's join event they are
 * the only record of who is in it (the title would otherwise read "You").
 */
function membersOf(entry: OutboxEntry): { p?: string[] } {
  return 'groupParticipantIds' in entry.target ? { p: entry.target.groupParticipantIds } : {};
}
