import type { DmMessage } from '../../dm/model/message';
import type { ChatApi } from '../api/chatApi';
import type { ChatEventWire } from '../api/schemas';
import type { EncryptionEngine } from '../engine/engine';
import type { SigningKey } from '../engine/protocol';
import { mapChatEvents } from '../mapChatEvents';
import { signingKeysOf } from '../signingKeys';
import type { ChatThreads } from './chatThreads';

/** What the source needs of `ChatApi` (tests and the source share the real client). */
export type ChatClient = Pick<ChatApi, 'pagesOfConversations' | 'conversationEvents' | 'publicKeys' | 'postKeys' | 'sendMessage' | 'markRead' | 'typing' | 'downloadMedia'>;

/** Pages read per conversation per sync before the rest is left to "load older". */
const MAX_PAGES_PER_SYNC = 5;
const MAX_KEY_IDS = 100;

export interface ReadResult {
  added: DmMessage[];
  requests: number;
  eventsRead: number;
}

/**
 * Reads X Chat events into `ChatThreads`: newest first until an event already held, opened by the engine in one
 * batch per read, mapped to domain messages. Senders' signing keys are fetched once each and handed to the engine.
 * `alive` is checked after every wait: once the keys are locked away, nothing read is kept.
 */
export class ChatReader {
  private readonly keys = new Map<string, SigningKey>();
  /** Users X has no keys for (their events stay unverified); asked again after a lock. */
  private readonly keyless = new Set<string>();

  constructor(
    private readonly api: ChatClient,
    private readonly threads: ChatThreads,
    private readonly meId: string,
    /** Events per request (X's maximum, 100, unless a test wants pages). */
    private readonly pageSize = 100,
  ) {}

  /** Returns the number of requests made. */
  async loadSigningKeys(engine: EncryptionEngine, userIds: readonly string[], alive: () => boolean): Promise<number> {
    const missing = [...new Set(userIds)].filter((id) => !this.keys.has(id) && !this.keyless.has(id));
    let requests = 0;
    for (let i = 0; i < missing.length; i += MAX_KEY_IDS) {
      const ids = missing.slice(i, i + MAX_KEY_IDS);
      const records = await this.api.publicKeys(ids);
      requests++;
      if (!alive()) return requests;
      for (const id of ids) if (!records.has(id)) this.keyless.add(id);
      for (const key of signingKeysOf(records)) this.keys.set(key.userId, key);
    }
    if (missing.length > 0) await engine.request({ op: 'setSigningKeys', keys: [...this.keys.values()] });
    return requests;
  }

  /** Another engine will start empty: keys are loaded into it again. */
  forgetKeys(): void {
    this.keys.clear();
    this.keyless.clear();
  }

  /** New events of one conversation; on its first read only the newest page (older ones: `readOlder`). */
  async readNew(engine: EncryptionEngine, conversationId: string, updatedAt: number | undefined, alive: () => boolean): Promise<ReadResult> {
    const held = this.threads.get(conversationId)?.messages;
    const first = !held || held.size === 0;
    const events: ChatEventWire[] = [];
    const keyChanges: string[] = [];
    let token: string | undefined;
    let overlap: boolean;
    let requests = 0;
    do {
      const page = await this.api.conversationEvents(conversationId, { maxResults: this.pageSize, paginationToken: token });
      requests++;
      if (!alive()) return { added: [], requests, eventsRead: events.length };
      events.push(...page.events);
      keyChanges.push(...page.keyChangeEvents);
      token = page.nextToken;
      overlap = page.events.some((e) => held?.has(e.id) === true);
    } while (!first && !overlap && token !== undefined && requests < MAX_PAGES_PER_SYNC);
    const thread = this.threads.ensure(conversationId);
    for (const k of keyChanges) thread.keyChangeEvents.add(k);
    // A first read, or a gap that more pages would have closed: "load older" continues from here.
    if (first || !overlap) thread.olderToken = token;
    const added = await this.open(engine, conversationId, events, alive);
    if (alive()) this.threads.ensure(conversationId).seenUpdatedAt = updatedAt;
    return { added, requests, eventsRead: events.length };
  }

  /** One page older than what is held. */
  async readOlder(engine: EncryptionEngine, conversationId: string, alive: () => boolean): Promise<{ added: number; exhausted: boolean }> {
    const token = this.threads.get(conversationId)?.olderToken;
    if (token === undefined) return { added: 0, exhausted: true };
    const page = await this.api.conversationEvents(conversationId, { maxResults: this.pageSize, paginationToken: token });
    if (!alive()) return { added: 0, exhausted: false };
    const thread = this.threads.ensure(conversationId);
    for (const k of page.keyChangeEvents) thread.keyChangeEvents.add(k);
    thread.olderToken = page.nextToken;
    const added = await this.open(engine, conversationId, page.events, alive);
    return { added: added.length, exhausted: page.nextToken === undefined };
  }

  /** Decrypts the events not held yet (one engine batch) and keeps them; returns the messages added. */
  async open(engine: EncryptionEngine, conversationId: string, events: readonly ChatEventWire[], alive: () => boolean): Promise<DmMessage[]> {
    const held = this.threads.get(conversationId)?.messages;
    const fresh = events.filter((e) => held?.has(e.id) !== true);
    if (fresh.length === 0) return [];
    const keyChangeEvents = [...(this.threads.get(conversationId)?.keyChangeEvents ?? [])];
    const { events: opened } = await engine.request({ op: 'decrypt', keyChangeEvents, events: fresh.map((e) => e.encoded_event) });
    if (!alive()) return [];
    const thread = this.threads.ensure(conversationId);
    opened.forEach((d, i) => {
      const event = fresh[i];
      if (d.kind === 'message' && event) thread.eventOfMessageId.set(d.messageId, event.id);
    });
    return this.threads.merge(conversationId, mapChatEvents(fresh, opened, { conversationId, meId: this.meId }));
  }
}
