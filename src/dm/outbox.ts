import { isXApiError } from '../api/errors';
import type { EventRec, OutboxEntry } from './archive/schema';
import type { SendTarget } from './dmService';
import { directConversationId, isDirectConversationId } from './ids';

/**
 * The outbox's rules, free of I/O: how a send attempt is recorded, how a failure is classified, and how an
 * unconfirmed message is matched against what a later sync found — so an ambiguous failure (timeout, connection
 * lost after the request left) is resolved by reading, never by sending the same text a second time.
 */
export const RECONCILE_BEFORE_MS = 5 * 60 * 1000;
export const RECONCILE_AFTER_MS = 15 * 60 * 1000;
/** A complete sync this long after an ambiguous failure that did not find the message means it never arrived. */
export const GIVE_UP_AFTER_MS = 2 * 60 * 1000;

export const NOT_DELIVERED_REASON = 'X did not receive this message. Retry to send it again.';
export const INTERRUPTED_REASON = 'Sending was interrupted. Checking with X whether it arrived…';

export function conversationIdFor(target: SendTarget, meId: string): string | undefined {
  if ('conversationId' in target) return target.conversationId;
  if ('participantId' in target) return directConversationId(meId, target.participantId);
  return undefined;
}

export function newOutboxEntry(target: SendTarget, text: string, meId: string, now: number, localId: string): OutboxEntry {
  const conversationId = conversationIdFor(target, meId);
  return {
    localId,
    target,
    ...(conversationId !== undefined ? { conversationId } : {}),
    senderId: meId,
    text,
    createdAt: now,
    updatedAt: now,
    status: 'pending',
    attempts: 1,
  };
}

export type FailureClass = { status: 'failed' | 'unconfirmed'; reason: string };

/** Definite refusals keep the text for a retry; anything that may have reached X waits for the next sync. */
export function classifySendFailure(error: unknown): FailureClass {
  if (isXApiError(error)) {
    if (error.mayHaveReachedServer && error.kind !== 'rateLimited' && error.status === undefined) {
      return { status: 'unconfirmed', reason: error.userMessage };
    }
    if (error.mayHaveReachedServer && error.kind === 'server') return { status: 'unconfirmed', reason: error.userMessage };
    return { status: 'failed', reason: error.userMessage };
  }
  return { status: 'unconfirmed', reason: error instanceof Error ? error.message : String(error) };
}

const normalize = (text: string): string => text.replace(/\r\n/g, '\n').trim();

/** Finds, for each unconfirmed or pending entry, an archived message of mine that is the same send. */
export function reconcile(entries: Iterable<OutboxEntry>, candidates: Iterable<EventRec>, meId: string): Map<string, string> {
  const open = [...entries].filter((e) => e.status !== 'failed');
  const matches = new Map<string, string>();
  if (open.length === 0) return matches;
  const used = new Set<string>();
  const mine = [...candidates].filter((e) => e.t === 0 && e.s === meId);
  for (const entry of open.sort((a, b) => a.createdAt - b.createdAt)) {
    const text = normalize(entry.text);
    const hit = mine.find(
      (e) =>
        !used.has(e.i) &&
        normalize(e.x ?? '') === text &&
        e.a >= entry.createdAt - RECONCILE_BEFORE_MS &&
        e.a <= entry.updatedAt + RECONCILE_AFTER_MS &&
        (entry.conversationId !== undefined ? e.c === entry.conversationId : !isDirectConversationId(e.c)),
    );
    if (hit) {
      used.add(hit.i);
      matches.set(entry.localId, hit.i);
    }
  }
  return matches;
}
