import type { XDmApi } from '../api/dmApi';
import type { SendResult } from '../api/schemas/dmEvents';
import { SEND_DEADLINE_MS } from '../protocol/messages';
import type { Clock } from '../util/clock';
import type { OutboxEntry } from './archive/schema';
import type { DmMessage } from './model/message';
import type { ArchiveStore } from './archive/archiveStore';
import type { OutboxResult, SyncOutcome } from './dmService';
import type { SendTarget } from './model/sendTarget';
import {
  CHECKING_REASON,
  CHECK_UNAVAILABLE_REASON,
  GIVE_UP_AFTER_MS,
  INTERRUPTED_REASON,
  NOT_DELIVERED_REASON,
  NOT_SEEN_YET_REASON,
  NO_ANSWER_YET_REASON,
  RECONCILE_BEFORE_MS,
  STILL_SENDING_REASON,
  classifySendFailure,
  gaveUp,
  newOutboxEntry,
  reconcile,
} from './outbox';
import type { OutboxMedia } from './outbox';

/**
 * Sending with an outbox: the message is archived as `pending` before the request leaves (so the thread shows it
 * at once and it survives a reload), any 2xx from X makes it sent, a definite refusal keeps it as `failed` with the
 * reason (Retry), and anything that may have reached X keeps it `unconfirmed` ("may have been sent") until a sync
 * finds it or a complete sync well after the attempt proves X never got it. `check` is the user's way to ask now;
 * nothing in this state is ever sent again without first looking at X.
 */
export interface OutboxDeps {
  api: XDmApi;
  store: ArchiveStore;
  meId: string;
  clock: Clock;
  newLocalId: () => string;
  changed: (conversationIds: string[]) => void;
  syncNow: () => Promise<SyncOutcome>;
  /** Logs a problem once (never message text). */
  warn: (message: string) => void;
}

export class OutboxController {
  /** localId → event id, for entries a sync reconciled (so `retry`/`check` can answer "sent"). */
  private readonly reconciled = new Map<string, { eventId: string; conversationId: string }>();
  /** Sends this window is waiting on: a retry of one of these would risk sending twice. */
  private readonly inFlight = new Map<string, Promise<OutboxResult>>();

  constructor(private readonly deps: OutboxDeps) {}

  /**
   * Resolves when X answered, or at `SEND_DEADLINE_MS` as "may have been sent" while the request carries on.
   * `media` was uploaded before: from here on its id travels with the entry, so nothing is uploaded twice.
   */
  async send(target: SendTarget, text: string, media?: OutboxMedia): Promise<OutboxResult> {
    const entry = newOutboxEntry(target, text, this.deps.meId, this.deps.clock.now(), this.deps.newLocalId(), media);
    this.put(entry);
    return this.attempt(entry);
  }

  /** Sends again only what X definitely did not take (`failed`); anything that may have been sent is checked. */
  async retry(localId: string): Promise<OutboxResult> {
    const entry = this.deps.store.outboxEntry(localId);
    if (!entry || entry.status !== 'failed' || this.inFlight.has(localId)) return this.check(localId);
    if (gaveUp(entry)) {
      // Look in the archive once more (no request): a copy that arrived since must not be sent a second time.
      this.reconcileAfterSync([], false);
      const found = this.reconciled.get(localId);
      if (found) return { status: 'sent', conversationId: found.conversationId, eventId: found.eventId };
    }
    const next: OutboxEntry = { ...entry, status: 'pending', attempts: entry.attempts + 1, updatedAt: this.deps.clock.now() };
    delete next.reason;
    this.put(next);
    return this.attempt(next);
  }

  /**
   * Asks X whether a message that may have been sent arrived, without sending anything: one sync, then the match.
   * Found → sent. Not found by a complete sync long enough after the attempt → `failed` (safe to retry). Otherwise
   * it stays "may have been sent" with a reason that says when to look again.
   */
  async check(localId: string): Promise<OutboxResult> {
    const done = this.reconciled.get(localId);
    if (done) return { status: 'sent', conversationId: done.conversationId, eventId: done.eventId };
    const entry = this.deps.store.outboxEntry(localId);
    if (!entry) return { status: 'failed', localId, reason: 'This message is no longer in the outbox.' };
    if (entry.status === 'failed') return { status: 'failed', localId, reason: entry.reason ?? NOT_DELIVERED_REASON };
    const running = this.inFlight.get(localId);
    // The request is still out: its answer is the best check there is.
    if (running) return this.withDeadline(running, () => this.markWaiting(localId, STILL_SENDING_REASON));
    this.markWaiting(localId, CHECKING_REASON); // the thread says what is happening while X is asked
    const outcome = await this.withDeadline<SyncOutcome | undefined>(this.deps.syncNow(), () => undefined).catch(() => undefined);
    const found = this.reconciled.get(localId);
    if (found) return { status: 'sent', conversationId: found.conversationId, eventId: found.eventId };
    const now = this.deps.store.outboxEntry(localId);
    if (!now) return { status: 'failed', localId, reason: 'This message is no longer in the outbox.' };
    if (now.status === 'failed') return { status: 'failed', localId, reason: now.reason ?? NOT_DELIVERED_REASON };
    if (now.accepted) return this.acceptedResult(now);
    const asked = outcome !== undefined && outcome.skipped === undefined;
    return this.markWaiting(localId, asked ? NOT_SEEN_YET_REASON : CHECK_UNAVAILABLE_REASON);
  }

  discard(localId: string): void {
    const entry = this.deps.store.outboxEntry(localId);
    if (!entry || this.inFlight.has(localId)) return;
    this.deps.store.saveOutbox([], [localId]);
    this.deps.changed(entry.conversationId ? [entry.conversationId] : []);
  }

  /** After a reload: a send that was in flight when the window closed may or may not have reached X. */
  recoverAfterReload(): void {
    const interrupted = this.deps.store.outboxEntries().filter((entry) => entry.status === 'pending');
    const now = this.deps.clock.now();
    this.deps.store.saveOutbox(interrupted.map((entry) => ({ ...entry, status: 'unconfirmed', reason: INTERRUPTED_REASON, updatedAt: now })));
  }

  /**
   * Matches open entries against what the archive now holds; returns the conversations that changed. Entries
   * still unmatched after a complete sync well after their last attempt never reached X: they become `failed`.
   */
  reconcileAfterSync(newEventIds: string[], syncComplete: boolean): string[] {
    const { store } = this.deps;
    const open = store.outboxEntries().filter((e) => e.status === 'unconfirmed' || gaveUp(e));
    if (open.length === 0) return [];
    const candidates = new Map<string, DmMessage>();
    for (const message of store.messages(newEventIds)) candidates.set(message.id, message);
    for (const entry of open) {
      if (entry.conversationId) for (const message of store.messagesOf(entry.conversationId)) candidates.set(message.id, message);
    }
    // A new group has no id until X answers: its copy may have been archived by an earlier sync.
    const oldestGroupSend = Math.min(...open.filter((e) => !e.conversationId).map((e) => e.createdAt));
    if (Number.isFinite(oldestGroupSend)) {
      for (const message of store.messagesSince(oldestGroupSend - RECONCILE_BEFORE_MS)) candidates.set(message.id, message);
    }
    const matches = reconcile(open, candidates.values(), this.deps.meId);
    const settled: string[] = [];
    const failed: OutboxEntry[] = [];
    const touched = new Set<string>();
    const now = this.deps.clock.now();
    for (const entry of open) {
      const eventId = matches.get(entry.localId);
      if (eventId !== undefined) {
        const conversationId = candidates.get(eventId)?.conversationId ?? entry.conversationId ?? '';
        this.reconciled.set(entry.localId, { eventId, conversationId });
        settled.push(entry.localId);
        touched.add(conversationId);
        if (entry.conversationId) touched.add(entry.conversationId);
      } else if (syncComplete && entry.status === 'unconfirmed' && !entry.accepted && !this.inFlight.has(entry.localId) && now - entry.updatedAt > GIVE_UP_AFTER_MS) {
        failed.push({ ...entry, status: 'failed', reason: NOT_DELIVERED_REASON, updatedAt: now });
        if (entry.conversationId) touched.add(entry.conversationId);
      }
    }
    store.saveOutbox(failed, settled);
    return [...touched].filter(Boolean);
  }

  private attempt(entry: OutboxEntry): Promise<OutboxResult> {
    const running = this.sendOnce(entry).finally(() => this.inFlight.delete(entry.localId));
    this.inFlight.set(entry.localId, running);
    return this.withDeadline(running, () => this.markWaiting(entry.localId, NO_ANSWER_YET_REASON));
  }

  /** Settles with `work`, or with `late()` once the host's answer deadline has passed (the work carries on). */
  private withDeadline<T>(work: Promise<T>, late: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.deps.clock.setTimeout(() => resolve(late()), SEND_DEADLINE_MS);
      work.then(
        (value) => {
          timer.dispose();
          resolve(value);
        },
        (error: unknown) => {
          timer.dispose();
          reject(error);
        },
      );
    });
  }

  /** Keeps (or makes) the entry "may have been sent" with a reason saying what is known now. */
  private markWaiting(localId: string, reason: string): OutboxResult {
    const entry = this.deps.store.outboxEntry(localId);
    if (!entry) {
      const done = this.reconciled.get(localId);
      return done ? { status: 'sent', ...done } : { status: 'failed', localId, reason: 'This message is no longer in the outbox.' };
    }
    if (entry.status === 'failed') return { status: 'failed', localId, reason: entry.reason ?? NOT_DELIVERED_REASON };
    if (entry.accepted) return this.acceptedResult(entry);
    if (entry.status !== 'unconfirmed' || entry.reason !== reason) {
      this.put({ ...entry, status: 'unconfirmed', reason, updatedAt: entry.status === 'pending' ? this.deps.clock.now() : entry.updatedAt });
    }
    return { status: 'unconfirmed', localId, reason };
  }

  private acceptedResult(entry: OutboxEntry): OutboxResult {
    return { status: 'sent', ...(entry.conversationId ? { conversationId: entry.conversationId } : {}) };
  }

  private async sendOnce(entry: OutboxEntry): Promise<OutboxResult> {
    const { api } = this.deps;
    const message = { text: entry.text, ...(entry.media ? { mediaId: entry.media.id } : {}) };
    let result: SendResult;
    try {
      const target = entry.target;
      if ('conversationId' in target) result = await api.sendToConversation(target.conversationId, message);
      else if ('participantId' in target) result = await api.sendToParticipant(target.participantId, message);
      else result = await api.createGroupConversation(target.groupParticipantIds, message);
    } catch (error) {
      const failure = classifySendFailure(error);
      const current = this.deps.store.outboxEntry(entry.localId);
      if (current) this.put({ ...current, status: failure.status, reason: failure.reason, updatedAt: this.deps.clock.now() });
      return { status: failure.status, localId: entry.localId, reason: failure.reason };
    }
    if (result.unreadable !== undefined) {
      this.deps.warn(`X accepted a message but its answer did not fit the schema (${result.unreadable}); it counts as sent.`);
    }
    const conversationId = result.dm_conversation_id ?? entry.conversationId;
    const eventId = result.dm_event_id;
    if (eventId === undefined || conversationId === undefined) return this.keepAccepted(entry, conversationId);
    this.reconciled.set(entry.localId, { eventId, conversationId });
    this.deps.store.recordSent(entry, eventId, conversationId, this.deps.clock.now());
    this.deps.changed([conversationId, ...(entry.conversationId && entry.conversationId !== conversationId ? [entry.conversationId] : [])]);
    return { status: 'sent', conversationId, eventId };
  }

  /** X took the message but its answer lacked the ids: shown as sent until a sync brings X's copy to replace it. */
  private keepAccepted(entry: OutboxEntry, conversationId: string | undefined): OutboxResult {
    const current = this.deps.store.outboxEntry(entry.localId) ?? entry;
    const accepted: OutboxEntry = { ...current, status: 'unconfirmed', accepted: true, updatedAt: this.deps.clock.now() };
    delete accepted.reason;
    this.put(accepted);
    return { status: 'sent', ...(conversationId ? { conversationId } : {}) };
  }

  private put(entry: OutboxEntry): void {
    this.deps.store.saveOutbox([entry]);
    this.deps.changed(entry.conversationId ? [entry.conversationId] : []);
  }
}
