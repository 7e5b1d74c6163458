import { NetworkError, RateLimitedError, isXApiError } from '../../api/errors';
import type { XUser } from '../../api/schemas/user';
import type { DmChange, SyncOutcome, SyncState } from '../../dm/dmService';
import { xchatRef } from '../../dm/model/ids';
import type { DmMessage } from '../../dm/model/message';
import type { ChatConversationWire } from '../api/schemas';
import type { EncryptionEngine } from '../engine/engine';
import type { ChatClient, ChatReader } from './chatReader';
import type { ChatThreads } from './chatThreads';
import { refMessage } from './refs';
import { conversationsToRead, listChanges, membersOf } from './syncPlan';

export interface InboxSyncDeps {
  api: ChatClient;
  reader: ChatReader;
  threads: ChatThreads;
  meId: string;
  /** Undefined while locked: then only the list (metadata) is read. */
  engine: EncryptionEngine | undefined;
  alive: () => boolean;
  /** A thread was read: sends whose event arrived can settle. */
  read: (conversationId: string) => void;
  /** The listing of the previous sync. */
  previous: readonly ChatConversationWire[];
}

export interface InboxSyncResult {
  listed: ChatConversationWire[];
  users: XUser[];
  /** Conversations whose row or thread changed (added, removed, other metadata, new messages). */
  changed: Set<string>;
  /** New messages by others in threads read before. */
  incoming: DmMessage[];
  /** Messages by others in threads read for the first time: history after an unlock, new conversations after that. */
  firstRead: DmMessage[];
  backfill: number;
}

/** What a sync asked of X so far, kept when it fails half-way. */
export interface SyncCounts {
  requests: number;
  eventsRead: number;
}

/**
 * One sync of the inbox: every page of the conversation list, then (unlocked) the events of only those
 * conversations whose `updated_at` moved since they were last read. An unchanged inbox costs one list request.
 */
export async function syncInbox(deps: InboxSyncDeps, counts: SyncCounts): Promise<InboxSyncResult> {
  const listed: ChatConversationWire[] = [];
  const users: XUser[] = [];
  for await (const page of deps.api.pagesOfConversations({ maxResults: 50 })) {
    counts.requests++;
    listed.push(...page.conversations);
    users.push(...page.users);
  }
  const result: InboxSyncResult = { listed, users, changed: new Set(listChanges(deps.previous, listed)), incoming: [], firstRead: [], backfill: 0 };
  const { engine, reader, threads, alive } = deps;
  if (!engine) return result;
  const toRead = conversationsToRead(listed, threads.seenUpdatedAt());
  const wires = new Map(listed.map((c) => [c.id, c]));
  counts.requests += await reader.loadSigningKeys(engine, toRead.flatMap((id) => membersOf(wires.get(id), id, deps.meId)), alive);
  for (const id of toRead) {
    if (!alive()) break;
    const firstRead = threads.get(id)?.seenUpdatedAt === undefined && (threads.get(id)?.messages.size ?? 0) === 0;
    const read = await reader.readNew(engine, id, wires.get(id)?.updated_at, alive);
    counts.requests += read.requests;
    counts.eventsRead += read.eventsRead;
    deps.read(id);
    if (read.added.length > 0) result.changed.add(id);
    const byOthers = read.added.filter((m) => !m.fromMe && m.integrity === undefined);
    if (firstRead) {
      result.backfill += byOthers.length;
      result.firstRead.push(...byOthers);
    } else result.incoming.push(...byOthers);
  }
  return result;
}

/** A failed sync in the words of `SyncState` and `SyncOutcome`. */
export function syncFailure(error: unknown, counts: SyncCounts, previous: SyncState): { state: SyncState; outcome: SyncOutcome } {
  const outcome: SyncOutcome = { requests: counts.requests, newEvents: 0, eventsRead: counts.eventsRead };
  if (error instanceof RateLimitedError) {
    return { state: { ...previous, phase: 'rateLimited', rateLimitedUntil: error.resetAt }, outcome: { ...outcome, skipped: 'rateLimited', retryAt: error.resetAt } };
  }
  const message = isXApiError(error) ? error.userMessage : 'X Chat could not be read: the encryption engine stopped.';
  return { state: { ...previous, phase: error instanceof NetworkError ? 'offline' : 'error', message }, outcome };
}

/** Above this many new messages by others in one sync, notifications get one summary (as for legacy DMs). */
const MAX_INCOMING = 50;

/**
 * A sync's change in the service's words, with conversation refs. `history`: the first read after an unlock, which
 * brings what the user already has (X Chat keeps no read state we could trust for it), so it notifies nothing. After
 * it, a conversation read for the first time is one that appeared since: its messages are new.
 */
export function announceSync(result: InboxSyncResult, history: boolean): DmChange | undefined {
  if (result.changed.size === 0) return undefined;
  const fresh = history ? result.incoming : [...result.firstRead, ...result.incoming];
  const total = result.backfill + result.incoming.length;
  const summarise = history || fresh.length > MAX_INCOMING;
  return {
    conversationIds: [...result.changed].map(xchatRef),
    incoming: summarise ? [] : fresh.map(refMessage),
    ...(summarise && total > 0 ? { backfill: true, backfillCount: total } : {}),
    ...(history ? { firstSync: true } : {}),
  };
}
