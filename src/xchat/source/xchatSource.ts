import { randomUUID } from 'node:crypto';
import type { DmMediaBytes } from '../../api/dmApi';
import { InvalidInputError } from '../../api/errors';
import type { XUser } from '../../api/schemas/user';
import type { DmChange, OutboxResult, SyncOutcome, SyncReason, SyncState } from '../../dm/dmService';
import type { Conversation } from '../../dm/model/conversation';
import { XCHAT_REF_PATTERN, xchatRef } from '../../dm/model/ids';
import type { DmMessage } from '../../dm/model/message';
import type { SendTarget } from '../../dm/model/sendTarget';
import type { OutboxMedia } from '../../dm/outbox';
import type { ConversationCapabilities, ConversationSource } from '../../dm/source/conversationSource';
import type { DmStrings } from '../../dm/strings';
import { Emitter, type Disposable, type Event } from '../../util/events';
import type { ChatConversationWire } from '../api/schemas';
import type { EncryptionEngine } from '../engine/engine';
import { mapChatConversation } from '../mapChatConversation';
import { ChatReader, type ChatClient } from './chatReader';
import { ChatSender } from './chatSender';
import { fetchChatMedia, findChatMessage } from './chatMedia';
import { ChatThreads } from './chatThreads';
import { XChatLockedError, type LockState } from './lockState';
import { announceSync, syncFailure, syncInbox, type SyncCounts } from './inboxSync';
import { apiIdOf, apiTarget, refMessage, refResult } from './refs';
import type { XChatSession } from './xchatSession';

const CAPABILITIES: ConversationCapabilities = { isEncrypted: true, canDelete: false, canLoadOlder: true, canSendMedia: false };

/** An X Chat conversation in the list: always encrypted; `locked` rows carry metadata only, never text. */
export type XChatConversation = Conversation & Required<Pick<Conversation, 'encrypted' | 'locked'>>;

/** `items`: oldest first, sends in flight last; empty while locked. */
export type XChatThread = { locked: boolean; items: DmMessage[]; mayHaveOlderAtX: boolean };

export interface XChatSourceDeps {
  api: ChatClient;
  session: XChatSession;
  meId: string;
  strings: DmStrings;
  now: () => number;
  /** Whether reading tells X (and so the other side) how far the user has read. */
  readReceipts: () => boolean;
  newLocalId?: () => string;
  /** Events per request; default 100 (X's maximum). */
  eventsPageSize?: number;
}

/**
 * X Chat as a conversation source: the inbox from `GET /2/chat/conversations`, threads read only when their
 * `updated_at` moved, decrypted by the session's engine and held in memory only (docs/decisions/022). Locked, the
 * list still shows every conversation, without text. `deleteMessage` is not offered (capabilities).
 * Conversations are named by their `xchat-` ref in and out (`refs.ts`); X's own id never leaves this class.
 */
export class XChatSource implements Omit<ConversationSource, 'deleteMessage'> {
  readonly kind = 'xChat';
  private listed: ChatConversationWire[] = [];
  private readonly users = new Map<string, XUser>();
  private readonly seenUntil = new Map<string, string>();
  private readonly threads = new ChatThreads();
  private readonly reader: ChatReader;
  private readonly sender: ChatSender;
  /** Bumped whenever the keys go: work that started before is not kept. */
  private epoch = 0;
  /** Set by an unlock: the next sync that reads with keys brings history the user already has (no notifications). */
  private historyPending = false;
  private running: { done: Promise<SyncOutcome>; withKeys: boolean } | undefined;
  private state: SyncState = { phase: 'idle' };
  private readonly changes = new Emitter<DmChange>();
  private readonly syncStates = new Emitter<SyncState>();
  private readonly sessionSub: Disposable;
  readonly onDidChange: Event<DmChange> = this.changes.event;
  readonly onDidChangeSyncState: Event<SyncState> = this.syncStates.event;

  constructor(private readonly deps: XChatSourceDeps) {
    this.reader = new ChatReader(deps.api, this.threads, deps.meId, deps.eventsPageSize);
    const { api, meId, now } = deps;
    this.sender = new ChatSender({
      ...{ api, meId, now, reader: this.reader, threads: this.threads },
      newLocalId: deps.newLocalId ?? (() => `local-${randomUUID()}`),
      engine: () => this.requireEngine(),
      aliveCheck: () => this.aliveCheck(),
      listed: (id) => this.listed.find((c) => c.id === id),
      changed: (conversationIds) => this.changes.fire({ conversationIds: conversationIds.map(xchatRef), incoming: [] }),
    });
    this.sessionSub = deps.session.onDidChangeState((s) => this.onLockState(s));
  }

  owns(conversationId: string): boolean {
    return XCHAT_REF_PATTERN.test(conversationId);
  }

  capabilities(_conversationId: string): ConversationCapabilities {
    return CAPABILITIES;
  }

  get syncState(): SyncState {
    return this.state;
  }

  conversations(): XChatConversation[] {
    const locked = this.unlockedEngineOrNone() === undefined;
    const { meId, strings } = this.deps;
    return this.listed
      .map((wire) => {
        const messages = locked ? [] : this.threads.messages(wire.id);
        const conversation = mapChatConversation({ wire, meId, users: this.users, strings, messages, seenUntil: this.seenUntil.get(wire.id) });
        return { ...conversation, id: xchatRef(wire.id), encrypted: true as const, locked };
      })
      .sort((a, b) => b.lastActivityAt - a.lastActivityAt);
  }

  thread(ref: string): XChatThread {
    const conversationId = apiIdOf(ref);
    if (this.unlockedEngineOrNone() === undefined) return { locked: true, items: [], mayHaveOlderAtX: false };
    const items = [...this.threads.messages(conversationId), ...this.sender.rows(conversationId)].map(refMessage);
    return { locked: false, items, mayHaveOlderAtX: this.threads.get(conversationId)?.olderToken !== undefined };
  }

  /** One sync at a time: a call while one runs gets it, unless keys arrived since (then a keyed one runs after it). */
  sync(_reason: SyncReason): Promise<SyncOutcome> {
    const withKeys = this.unlockedEngineOrNone() !== undefined;
    if (this.running && (this.running.withKeys || !withKeys)) return this.running.done;
    const done: Promise<SyncOutcome> = (this.running?.done ?? Promise.resolve())
      .then(() => this.run())
      .finally(() => this.running?.done === done && (this.running = undefined));
    this.running = { done, withKeys };
    return done;
  }

  send(target: SendTarget, text: string, media?: OutboxMedia): Promise<OutboxResult> {
    if (media) return Promise.reject(new InvalidInputError('media', 'X Chat messages are sent as text only'));
    return this.sender.send(apiTarget(target), text).then(refResult);
  }

  /** Posts the same sealed message again: X keeps one message per client message id, so this never doubles. */
  retry(localId: string): Promise<OutboxResult> {
    return this.sender.retry(localId).then(refResult);
  }

  /** Reads the conversation's newest events to see whether the message arrived; never posts. */
  check(localId: string): Promise<OutboxResult> {
    return this.sender.check(localId).then(refResult);
  }

  discard(localId: string): void {
    this.sender.discard(localId);
  }

  /** Nothing of X Chat outlives a window (memory only), so a reload leaves nothing in flight to recover. */
  recoverAfterReload(): void {}

  async loadOlder(ref: string): Promise<{ added: number; exhausted: boolean }> {
    const conversationId = apiIdOf(ref);
    const engine = this.requireEngine();
    const result = await this.reader.readOlder(engine, conversationId, this.aliveCheck());
    if (result.added > 0) this.changes.fire({ conversationIds: [ref], incoming: [] });
    return result;
  }

  /** Marks everything held as seen; tells X only when read receipts are on. Returns the sequence id, if any. */
  async markRead(ref: string): Promise<string | undefined> {
    const conversationId = apiIdOf(ref);
    this.requireEngine();
    const newest = this.threads.newestId(conversationId);
    if (newest === undefined || this.seenUntil.get(conversationId) === newest) return newest;
    this.seenUntil.set(conversationId, newest);
    this.changes.fire({ conversationIds: [ref], incoming: [] });
    if (this.deps.readReceipts()) await this.deps.api.markRead(conversationId, newest);
    return newest;
  }

  dispose(): void {
    this.sessionSub.dispose();
    this.forget();
    this.changes.dispose();
    this.syncStates.dispose();
  }

  private async run(): Promise<SyncOutcome> {
    const counts: SyncCounts = { requests: 0, eventsRead: 0 };
    this.setState({ ...this.state, phase: 'syncing' });
    try {
      const { reader, threads, sender, listed: previous } = this;
      const engine = this.unlockedEngineOrNone();
      const history = engine !== undefined && this.historyPending;
      const deps = { api: this.deps.api, reader, threads, meId: this.deps.meId, engine, alive: this.aliveCheck(), previous };
      const result = await syncInbox({ ...deps, read: (id) => sender.settle(id) }, counts);
      this.listed = result.listed;
      for (const u of result.users) this.users.set(u.id, u);
      if (history && engine === this.unlockedEngineOrNone()) this.historyPending = false;
      const change = announceSync(result, history);
      if (change) this.changes.fire(change);
      this.setState({ phase: 'idle', lastSyncedAt: this.deps.now() });
      return { requests: counts.requests, newEvents: result.backfill + result.incoming.length, eventsRead: counts.eventsRead };
    } catch (error) {
      const { state, outcome } = syncFailure(error, counts, this.state);
      this.setState(state);
      return outcome;
    }
  }

  private onLockState(state: LockState): void {
    // Unlocked: the next sync with keys reads history the user already has. Anything else: the keys are gone.
    if (state.status === 'unlocked') return void (this.historyPending = true);
    this.forget();
    this.changes.fire({ conversationIds: this.listed.map((c) => xchatRef(c.id)), incoming: [] });
  }

  /** The keys went: every decrypted message, marker and loaded key goes too. */
  private forget(): void {
    this.epoch++;
    this.threads.clear();
    this.reader.forgetKeys();
    this.sender.forgetText();
  }

  private aliveCheck(): () => boolean {
    const epoch = this.epoch;
    return () => epoch === this.epoch && this.unlockedEngineOrNone() !== undefined;
  }

  private unlockedEngineOrNone(): EncryptionEngine | undefined {
    return this.deps.session.engine;
  }

  private requireEngine(): EncryptionEngine {
    const engine = this.unlockedEngineOrNone();
    if (!engine) throw new XChatLockedError();
    return engine;
  }

  private setState(state: SyncState): void {
    this.state = state;
    this.syncStates.fire(state);
  }

  /** Whether a decrypted thread in memory holds this event id: `DmService` routes `fetchMedia` here when it does. */
  hasMessage(messageId: string): boolean {
    return findChatMessage(this.threads, this.listed.map((c) => c.id), messageId) !== undefined;
  }

  /** An image of a held, verified message: one download, opened in the engine; a raster type or `XChatMediaError`. */
  async fetchMedia(messageId: string, mediaKey: string): Promise<DmMediaBytes> {
    return fetchChatMedia({ api: this.deps.api, engine: this.requireEngine(), threads: this.threads, conversationIds: this.listed.map((c) => c.id) }, messageId, mediaKey);
  }
}
