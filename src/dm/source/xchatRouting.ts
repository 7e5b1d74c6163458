import type { SyncReason } from '../dmService';
import type { DmChange, EncryptedChats, OutboxResult, XChatStatus } from '../dmService';
import type { Conversation, ThreadSlice } from '../model/conversation';
import { xchatApiId } from '../model/ids';
import type { Person } from '../model/person';
import type { SendTarget } from '../model/sendTarget';
import type { OutboxMedia } from '../outbox';
import type { DmStrings } from '../strings';
import { DEFAULT_THREAD_LIMIT } from '../archive/threadModel';
import { matchesPeople, normalizeQuery } from '../archive/search';
import type { Event } from '../../util/events';
import type { Logger } from '../../util/logger';
import type { ChatClient } from '../../xchat/source/chatReader';
import { XChatNoKeysError } from '../../xchat/source/chatSender';
import type { XChatSession } from '../../xchat/source/xchatSession';
import { XChatSource } from '../../xchat/source/xchatSource';
import { ARCHIVE_STEP, type ConversationCapabilities } from './conversationSource';
import { XChatPolling } from './xchatPolling';

/** What `createDmService` is given for an account that can use X Chat (built by the account wiring). */
export interface XChatOptions {
  api: ChatClient;
  session: XChatSession;
  /** Whether reading an X Chat conversation tells X (and so the other side) how far the user has read. */
  readReceipts: () => boolean;
}

export interface XChatRoutingDeps extends XChatOptions {
  meId: string;
  strings: DmStrings;
  now: () => number;
  logger: Logger;
  online: () => boolean;
  changed: (change: DmChange) => void;
  /** The legacy 1:1 with a person, if the archive has one (it wins over starting an X Chat). */
  legacyDirectWith: (userId: string) => Conversation | undefined;
}

/** At most one typing notice per conversation this often. */
const TYPING_EVERY_MS = 5_000;

/** Asked to delete a message of an encrypted chat: X Chat has no delete this extension can use. */
export class XChatCannotDeleteError extends Error {
  constructor() {
    super('Messages in encrypted chats cannot be deleted from VS Code; use X’s app.');
  }
}

/**
 * X Chat's side of `DmService`: the source, what the service answers for `xchat-` refs (list rows, search, threads,
 * local "unread" flags, typing), which sends go to X Chat, and (in `XChatPolling`) when X Chat is asked at all.
 * Conversations are refs here; X's ids stay inside `XChatSource`.
 */
export class XChatRouting implements EncryptedChats {
  readonly source: XChatSource;
  private readonly polling: XChatPolling;
  /** "Mark as Unread" on an X Chat conversation: local, until it is read again (as for legacy DMs). */
  private readonly flaggedUnread = new Set<string>();
  /** Outbox ids of X Chat sends, so retry/check/discard reach the source that holds them. */
  private readonly localIds = new Set<string>();
  private readonly typedAt = new Map<string, number>();
  /** X Chat's people by id, rebuilt after a change (names are looked up once per rendered message). */
  private peopleById: Map<string, Person> | undefined;

  constructor(private readonly deps: XChatRoutingDeps) {
    const { api, session, meId, strings, now, readReceipts } = deps;
    this.source = new XChatSource({ api, session, meId, strings, now, readReceipts });
    this.source.onDidChange((change) => {
      this.peopleById = undefined;
      deps.changed(change);
    });
    this.polling = new XChatPolling({ source: this.source, session: deps.session, logger: deps.logger, online: deps.online });
  }

  get state(): XChatStatus {
    return this.polling.state;
  }

  get onDidChangeState(): Event<XChatStatus> {
    return this.polling.onDidChangeState;
  }

  unlock(passcode: Uint8Array): Promise<XChatStatus> {
    return this.polling.unlock(passcode);
  }

  recheckKeys(): Promise<XChatStatus> {
    return this.polling.recheckKeys();
  }

  lock(): Promise<void> {
    return this.polling.lock();
  }

  /** After each legacy sync or poll tick (see `XChatPolling` for what that costs). */
  afterSync(reason: SyncReason): Promise<void> {
    return this.polling.afterSync(reason);
  }

  owns(conversationId: string): boolean {
    return this.source.owns(conversationId);
  }

  ownsLocal(localId: string): boolean {
    return this.localIds.has(localId);
  }

  capabilities(conversationId: string): ConversationCapabilities {
    return this.source.capabilities(conversationId);
  }

  conversations(): Conversation[] {
    return this.source.conversations().map((c) => (this.flaggedUnread.has(c.id) ? { ...c, unread: Math.max(1, c.unread) } : c));
  }

  conversation(ref: string): Conversation | undefined {
    return this.conversations().find((c) => c.id === ref);
  }

  /** Names and @usernames always; message text only while unlocked (locked, no text is held to match). */
  search(query: string): Conversation[] {
    const q = normalizeQuery(query);
    const unlocked = this.deps.session.engine !== undefined;
    const byText = (ref: string): boolean => unlocked && this.source.thread(ref).items.some((m) => m.text.toLowerCase().includes(q));
    return this.conversations().filter((c) => !q || matchesPeople(c, q) || byText(c.id));
  }

  /** Paged like a legacy thread, from what is held in memory; locked: no items. */
  thread(ref: string, options: { beforeId?: string; limit?: number } = {}): ThreadSlice {
    const held = this.source.thread(ref);
    const before = options.beforeId === undefined ? -1 : held.items.findIndex((m) => m.id === options.beforeId);
    const end = before < 0 ? held.items.length : before;
    const start = Math.max(0, end - (options.limit ?? DEFAULT_THREAD_LIMIT));
    return { items: held.items.slice(start, end), hasOlderInArchive: start > 0, mayHaveOlderAtX: held.mayHaveOlderAtX };
  }

  /** Memory first (as the archive is for legacy DMs), then one page older from X. */
  async loadOlder(ref: string, shown?: number, step = ARCHIVE_STEP): Promise<{ added: number; exhausted: boolean }> {
    const held = this.source.thread(ref).items.length;
    if (shown !== undefined && held > shown) return { added: Math.min(held - shown, step), exhausted: false };
    return this.source.loadOlder(ref);
  }

  person(userId: string): Person | undefined {
    return this.people().get(userId);
  }

  /** `known` (legacy people) and the people of X Chat conversations not among them. */
  withPeople(known: Person[]): Person[] {
    const byId = new Map(known.map((p) => [p.id, p]));
    for (const p of this.people().values()) if (!byId.has(p.id)) byId.set(p.id, p);
    return [...byId.values()];
  }

  private people(): Map<string, Person> {
    this.peopleById ??= new Map(this.source.conversations().flatMap((c) => c.participants.map((p) => [p.id, p] as const)));
    return this.peopleById;
  }

  /** Clears a local "unread" flag; moves the read marker (and, with receipts on, tells X). Failures are logged. */
  markRead(ref: string): void {
    if (this.flaggedUnread.delete(ref)) this.deps.changed({ conversationIds: [ref], incoming: [] });
    if (this.deps.session.engine === undefined) return;
    this.source.markRead(ref).catch((error: unknown) => this.deps.logger.warn(`X Chat mark read failed: ${errorName(error)}`));
  }

  markUnread(ref: string): void {
    if (!this.conversation(ref)) return;
    this.flaggedUnread.add(ref);
    this.deps.changed({ conversationIds: [ref], incoming: [] });
  }

  /**
   * Which source a message goes to. A conversation ref: X Chat. A person (a new or existing 1:1): an X Chat 1:1 with
   * them wins (locked, the send says to unlock); else an existing legacy 1:1; else X Chat while unlocked if they
   * have keys (found out before anything is posted); else legacy. Media and new groups are legacy only.
   */
  async send(target: SendTarget, text: string, media: OutboxMedia | undefined, legacy: () => Promise<OutboxResult>): Promise<OutboxResult> {
    if ('conversationId' in target) return this.owns(target.conversationId) ? this.kept(this.source.send(target, text, media)) : legacy();
    if (!('participantId' in target) || media) return legacy();
    const existing = this.directWith(target.participantId);
    if (existing) return this.kept(this.source.send({ conversationId: existing.id }, text));
    if (this.deps.legacyDirectWith(target.participantId) || this.deps.session.engine === undefined) return legacy();
    try {
      return await this.kept(this.source.send(target, text));
    } catch (error) {
      if (error instanceof XChatNoKeysError) return legacy();
      throw error;
    }
  }

  retry(localId: string): Promise<OutboxResult> {
    return this.kept(this.source.retry(localId));
  }

  check(localId: string): Promise<OutboxResult> {
    return this.kept(this.source.check(localId));
  }

  discard(localId: string): void {
    this.localIds.delete(localId);
    this.source.discard(localId);
  }

  /** Rejects when `messageId` is an X Chat message (nothing is asked of X); resolves otherwise. */
  async refuseDelete(messageId: string): Promise<void> {
    for (const c of this.source.conversations()) {
      if (this.source.thread(c.id).items.some((m) => m.id === messageId || m.localId === messageId)) throw new XChatCannotDeleteError();
    }
  }

  async sendTyping(ref: string): Promise<void> {
    const apiId = xchatApiId(ref);
    const now = this.deps.now();
    if (apiId === undefined || this.deps.session.engine === undefined || now - (this.typedAt.get(ref) ?? -Infinity) < TYPING_EVERY_MS) return;
    this.typedAt.set(ref, now);
    await this.deps.api.typing(apiId).catch((error: unknown) => this.deps.logger.debug(`X Chat typing not sent: ${errorName(error)}`));
  }

  /** Sign-out or a closed account: no more X Chat requests, and the keys leave memory. */
  dispose(): void {
    // The source first: it lets go of the session, so the lock below announces nothing to a closed service.
    this.source.dispose();
    this.polling.dispose();
  }

  private directWith(userId: string): Conversation | undefined {
    return this.source.conversations().find((c) => c.kind === 'direct' && c.partner?.id === userId);
  }

  /** Remembers the outbox id of a send that did not go through, for retry/check/discard. */
  private async kept(sending: Promise<OutboxResult>): Promise<OutboxResult> {
    const result = await sending;
    if (result.status !== 'sent') this.localIds.add(result.localId);
    return result;
  }
}

/** Only the error's kind reaches the log: messages could carry what X said back. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** Legacy rows as the archive orders them; with X Chat rows, both merged by newest activity. */
export function byActivity(legacy: readonly Conversation[], xchat: readonly Conversation[] | undefined): Conversation[] {
  return xchat ? [...legacy, ...xchat].sort((a, b) => b.lastActivityAt - a.lastActivityAt) : [...legacy];
}
