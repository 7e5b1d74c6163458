import type { DmMediaBytes, ListEventsParams, RateLimitBook, XDmApi } from '../../../src/api/dmApi';
import { RateLimitedError } from '../../../src/api/errors';
import type { DmEvent } from '../../../src/api/schemas/dmEvent';
import type { DmEventsPage, SendResult } from '../../../src/api/schemas/dmEvents';
import type { EndpointKey, RateLimitInfo } from '../../../src/api/model';
import type { XUser } from '../../../src/api/schemas/user';
import { Emitter } from '../../../src/util/events';
import { compareIds, directConversationId } from '../../../src/dm/model/ids';

/**
 * A faithful in-memory X for unit tests: newest-first lists limited to 30 days, pagination tokens, per-endpoint
 * 15-minute budgets with headers-like bookkeeping, and counters of requests and events returned (billed reads).
 */
export const DAY = 24 * 60 * 60 * 1000;

export class FakeClock {
  constructor(public t = Date.UTC(2026, 10, 21, 12)) {}
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): { dispose(): void } => {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return { dispose: () => void (timer.live = false) };
  };
  pendingDelays(): number[] {
    return this.timers.filter((t) => t.live).map((t) => t.at - this.t);
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.t = next.at;
      next.live = false;
      next.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
}

class FakeBook implements RateLimitBook {
  readonly entries = new Map<EndpointKey, RateLimitInfo>();
  private readonly emitter = new Emitter<RateLimitInfo>();
  readonly onDidChange = this.emitter.event;
  get(endpoint: EndpointKey): RateLimitInfo | undefined {
    return this.entries.get(endpoint);
  }
  all(): RateLimitInfo[] {
    return [...this.entries.values()];
  }
  set(info: RateLimitInfo): void {
    this.entries.set(info.endpoint, info);
    this.emitter.fire(info);
  }
}

export interface FakeStats {
  requests: number;
  eventsRead: number;
  byEndpoint: Record<string, number>;
  sends: number;
}

export class FakeDmApi implements XDmApi {
  readonly rateLimits = new FakeBook();
  /** All events, any order; lists sort newest first. */
  events: DmEvent[] = [];
  users = new Map<string, XUser>();
  stats: FakeStats = { requests: 0, eventsRead: 0, byEndpoint: {}, sends: 0 };
  limit = 15;
  windowMs = 15 * 60 * 1000;
  private used = new Map<EndpointKey, { count: number; resetAt: number }>();
  private nextId = 1_800_000_000_000_000_000n;
  /** Throw this from the next send (after optionally delivering it). */
  sendFault: { error: Error; deliver: boolean } | undefined;
  /** When set, sends wait for this promise (to observe the pending state, or to simulate a window closing). */
  sendGate: Promise<void> | undefined;

  constructor(
    readonly clock: FakeClock,
    readonly me: XUser,
  ) {
    this.users.set(me.id, me);
  }

  resetStats(): void {
    this.stats = { requests: 0, eventsRead: 0, byEndpoint: {}, sends: 0 };
  }

  newId(): string {
    this.nextId += 1000n;
    return this.nextId.toString();
  }

  addUser(id: string, username: string, name = username): XUser {
    const u = { id, username, name };
    this.users.set(id, u);
    return u;
  }

  /** Adds `n` messages from `senderId` to the 1:1 conversation with me, `spacingMs` apart ending now. */
  addMessages(n: number, senderId: string, options: { conversationId?: string; spacingMs?: number; text?: (i: number) => string } = {}): DmEvent[] {
    const spacing = options.spacingMs ?? 1000;
    const conversationId = options.conversationId ?? directConversationId(this.me.id, senderId);
    const added: DmEvent[] = [];
    for (let i = 0; i < n; i++) {
      const event: DmEvent = {
        id: this.newId(),
        event_type: 'MessageCreate',
        text: options.text ? options.text(i) : `message ${i}`,
        sender_id: senderId,
        dm_conversation_id: conversationId,
        created_at: new Date(this.clock.now() - (n - 1 - i) * spacing).toISOString(),
      };
      this.events.push(event);
      added.push(event);
    }
    return added;
  }

  private spend(endpoint: EndpointKey): void {
    const now = this.clock.now();
    let bucket = this.used.get(endpoint);
    if (!bucket || bucket.resetAt <= now) bucket = { count: 0, resetAt: now + this.windowMs };
    if (bucket.count >= this.limit) {
      this.stats.byEndpoint[`429 ${endpoint}`] = (this.stats.byEndpoint[`429 ${endpoint}`] ?? 0) + 1;
      throw new RateLimitedError(bucket.resetAt, { endpoint, status: 429 });
    }
    bucket.count += 1;
    this.used.set(endpoint, bucket);
    this.stats.requests += 1;
    this.stats.byEndpoint[endpoint] = (this.stats.byEndpoint[endpoint] ?? 0) + 1;
    this.rateLimits.set({ endpoint, limit: this.limit, remaining: this.limit - bucket.count, resetAt: bucket.resetAt });
  }

  private page(list: DmEvent[], params: ListEventsParams = {}): DmEventsPage {
    const max = params.maxResults ?? 100;
    const sorted = [...list].sort((a, b) => compareIds(b.id, a.id));
    let start = 0;
    if (params.paginationToken) {
      const after = params.paginationToken.replace(/^tok_0*/, '');
      start = sorted.findIndex((e) => compareIds(e.id, after) < 0);
      if (start < 0) start = sorted.length;
    }
    const events = sorted.slice(start, start + max).map((e) => ({ ...e }));
    this.stats.eventsRead += events.length;
    const last = events[events.length - 1];
    const more = start + max < sorted.length;
    const userIds = new Set(events.flatMap((e) => [e.sender_id ?? '', ...(e.participant_ids ?? [])]).filter(Boolean));
    return {
      events,
      includes: { users: [...userIds].flatMap((id) => (this.users.has(id) ? [this.users.get(id) as XUser] : [])), tweets: [], media: [] },
      resultCount: events.length,
      ...(more && last ? { nextToken: `tok_${last.id.padStart(20, '0')}` } : {}),
      partialErrors: [],
    };
  }

  async listDmEvents(params?: ListEventsParams): Promise<DmEventsPage> {
    this.spend('GET /2/dm_events');
    const since = this.clock.now() - 30 * DAY;
    return this.page(this.events.filter((e) => Date.parse(e.created_at ?? '') >= since), params);
  }

  async listConversationEvents(conversationId: string, params?: ListEventsParams): Promise<DmEventsPage> {
    this.spend('GET /2/dm_conversations/:dm_conversation_id/dm_events');
    return this.page(this.events.filter((e) => e.dm_conversation_id === conversationId), params);
  }

  async listEventsWithParticipant(participantId: string, params?: ListEventsParams): Promise<DmEventsPage> {
    return this.listConversationEvents(directConversationId(this.me.id, participantId), params);
  }

  async *pagesOfDmEvents(): AsyncIterable<DmEventsPage> {
    yield await this.listDmEvents();
  }

  async *pagesOfConversationEvents(conversationId: string): AsyncIterable<DmEventsPage> {
    yield await this.listConversationEvents(conversationId);
  }

  async getDmEvent(eventId: string): Promise<{ event: DmEvent; includes: DmEventsPage['includes'] }> {
    const event = this.events.find((e) => e.id === eventId);
    if (!event) throw new Error('not found');
    return { event, includes: { users: [], tweets: [], media: [] } };
  }

  async deleteDmEvent(eventId: string): Promise<void> {
    this.events = this.events.filter((e) => e.id !== eventId);
  }

  private deliver(conversationId: string, text: string): SendResult {
    this.stats.sends += 1;
    const event: DmEvent = {
      id: this.newId(),
      event_type: 'MessageCreate',
      text,
      sender_id: this.me.id,
      dm_conversation_id: conversationId,
      created_at: new Date(this.clock.now()).toISOString(),
    };
    this.events.push(event);
    return { dm_conversation_id: conversationId, dm_event_id: event.id };
  }

  private async send(conversationId: string, text: string): Promise<SendResult> {
    if (this.sendGate) await this.sendGate;
    const fault = this.sendFault;
    this.sendFault = undefined;
    if (fault) {
      if (fault.deliver) this.deliver(conversationId, text);
      throw fault.error;
    }
    return this.deliver(conversationId, text);
  }

  sendToConversation(conversationId: string, message: { text?: string }): Promise<SendResult> {
    return this.send(conversationId, message.text ?? '');
  }

  sendToParticipant(participantId: string, message: { text?: string }): Promise<SendResult> {
    return this.send(directConversationId(this.me.id, participantId), message.text ?? '');
  }

  async createGroupConversation(participantIds: string[], message: { text?: string }): Promise<SendResult> {
    const conversationId = this.newId();
    this.events.push({
      id: this.newId(),
      event_type: 'ParticipantsJoin',
      dm_conversation_id: conversationId,
      participant_ids: [this.me.id, ...participantIds],
      created_at: new Date(this.clock.now()).toISOString(),
    });
    return this.send(conversationId, message.text ?? '');
  }

  async downloadDmMedia(): Promise<DmMediaBytes> {
    return { bytes: new Uint8Array([1, 2, 3]), contentType: 'image/png' };
  }

  async uploadDmMedia(): Promise<{ mediaId: string }> {
    return { mediaId: '1' };
  }

  async getMe(): Promise<XUser> {
    return this.me;
  }

  async getUsersByIds(ids: string[]): Promise<XUser[]> {
    return ids.flatMap((id) => (this.users.has(id) ? [this.users.get(id) as XUser] : []));
  }

  async getUsersByUsernames(usernames: string[]): Promise<XUser[]> {
    return [...this.users.values()].filter((u) => usernames.includes(u.username));
  }

  /** Who the signed-in user has DM-blocked through this fake. */
  readonly dmBlocked = new Set<string>();

  async blockDms(userId: string): Promise<boolean> {
    this.stats.byEndpoint['POST /2/users/:id/dm/block'] = (this.stats.byEndpoint['POST /2/users/:id/dm/block'] ?? 0) + 1;
    this.dmBlocked.add(userId);
    return true;
  }

  async unblockDms(userId: string): Promise<boolean> {
    this.stats.byEndpoint['POST /2/users/:id/dm/unblock'] = (this.stats.byEndpoint['POST /2/users/:id/dm/unblock'] ?? 0) + 1;
    this.dmBlocked.delete(userId);
    return false;
  }

  /** Activity subscriptions created through this fake, in order. */
  readonly activitySubscriptions: { eventType: string; userId: string; tag: string; subscriptionId: string }[] = [];

  async createActivitySubscription(eventType: string, userId: string, tag: string): Promise<{ subscriptionId: string; eventType: string }> {
    const subscriptionId = String(1_000 + this.activitySubscriptions.length);
    this.activitySubscriptions.push({ eventType, userId, tag, subscriptionId });
    return { subscriptionId, eventType };
  }
}
