import type { EmuConversation, EmuEvent, EmuMedia, EmuTweet, EmuUser, EventType } from './model';
import { SnowflakeFactory, oneToOneConversationId, snowflakeAt } from './ids';
import { shortenUrls } from './dm/tco';
import { ChatStore } from './chat/store';

/** The emulator's clock: a base time plus an offset that `/__admin/clock` advances (never goes backwards). */
export class EmuClock {
  private offset = 0;
  constructor(private readonly fixedStart?: number) {}
  now(): number {
    return (this.fixedStart ?? Date.now()) + this.offset;
  }
  advance(ms: number): void {
    if (ms > 0) this.offset += ms;
  }
}

/** The world's data: users, conversations, events, posts, media. Pure in-memory, rebuilt by presets. */
export class Store {
  readonly users = new Map<string, EmuUser>();
  readonly usernames = new Map<string, string>();
  readonly conversations = new Map<string, EmuConversation>();
  readonly events = new Map<string, EmuEvent>();
  /** All event ids ascending (ids are time-ordered and equal length, so string order = time order). */
  readonly order: string[] = [];
  readonly tweets = new Map<string, EmuTweet>();
  readonly media = new Map<string, EmuMedia>();
  readonly snowflakes = new SnowflakeFactory();
  /** DM blocks as `blocker>blocked` pairs (X's `dm/block`: no DMs to or from the blocked user in 1:1s). */
  readonly dmBlocks = new Set<string>();
  meId = '';
  /** X Chat (encrypted) conversations and public keys: a world of their own, reset with the rest. */
  readonly chat = new ChatStore();
  /** Told of every event added after the world was built (the Activity API delivers them). */
  onEvent: ((event: EmuEvent, conversation: EmuConversation) => void) | undefined;

  constructor(readonly clock: EmuClock) {}

  me(): EmuUser {
    const me = this.users.get(this.meId);
    if (!me) throw new Error('preset has no me user');
    return me;
  }

  addUser(user: EmuUser): EmuUser {
    this.users.set(user.id, user);
    this.usernames.set(user.username.toLowerCase(), user.id);
    if (user.me) this.meId = user.id;
    return user;
  }

  userByName(username: string): EmuUser | undefined {
    const id = this.usernames.get(username.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  /** The 1:1 conversation between two users, created on first use (X creates it with the first message). */
  oneToOne(a: string, b: string): EmuConversation {
    const id = oneToOneConversationId(a, b);
    let conv = this.conversations.get(id);
    if (!conv) {
      conv = { id, kind: 'OneToOne', participants: new Set([a, b]), everMembers: new Set([a, b]), events: [] };
      this.conversations.set(id, conv);
    }
    return conv;
  }

  newGroup(members: string[], at: number): EmuConversation {
    // Conversation ids are their own namespace: not taken from the event factory, so event ids stay time-ordered.
    const id = snowflakeAt(at, this.conversations.size);
    const conv: EmuConversation = {
      id,
      kind: 'Group',
      participants: new Set(members),
      everMembers: new Set(members),
      events: [],
    };
    this.conversations.set(id, conv);
    return conv;
  }

  /**
   * Appends an event. Generators append in time order; live events use the clock, which never goes backwards,
   * so `order` and each conversation's `events` stay sorted without re-sorting. Message text is stored as X
   * stores it: every URL replaced by a t.co link described in `entities.urls`.
   */
  addEvent(input: {
    eventType: EventType;
    conversation: EmuConversation;
    senderId: string;
    at: number;
    text?: string;
    participantIds?: string[];
    mediaKeys?: string[];
    referencedTweetIds?: string[];
  }): EmuEvent {
    const id = this.snowflakes.next(input.at);
    const shortened = input.text !== undefined && input.eventType === 'MessageCreate' ? shortenUrls(input.text, id) : undefined;
    const event: EmuEvent = {
      id,
      eventType: input.eventType,
      conversationId: input.conversation.id,
      createdAt: input.at,
      senderId: input.senderId,
      text: shortened ? shortened.text : input.text,
      ...(shortened && shortened.urls.length > 0 ? { entities: { urls: shortened.urls } } : {}),
      participantIds: input.participantIds,
      mediaKeys: input.mediaKeys,
      referencedTweetIds: input.referencedTweetIds,
      deleted: false,
    };
    this.events.set(id, event);
    this.order.push(id);
    input.conversation.events.push(id);
    if (input.eventType === 'ParticipantsJoin') {
      for (const p of input.participantIds ?? []) {
        input.conversation.participants.add(p);
        input.conversation.everMembers.add(p);
      }
    } else if (input.eventType === 'ParticipantsLeave') {
      for (const p of input.participantIds ?? []) input.conversation.participants.delete(p);
    }
    this.onEvent?.(event, input.conversation);
    return event;
  }

  canSee(userId: string, event: EmuEvent): boolean {
    return this.conversations.get(event.conversationId)?.everMembers.has(userId) ?? false;
  }

  setDmBlock(blockerId: string, blockedId: string, blocked: boolean): void {
    if (blocked) this.dmBlocks.add(`${blockerId}>${blockedId}`);
    else this.dmBlocks.delete(`${blockerId}>${blockedId}`);
  }

  /** Whether `blockerId` has DM-blocked `blockedId`. */
  blocksDms(blockerId: string, blockedId: string): boolean {
    return this.dmBlocks.has(`${blockerId}>${blockedId}`);
  }

  mediaByKey(key: string): EmuMedia | undefined {
    const id = key.split('_')[1];
    return id === undefined ? undefined : this.media.get(id);
  }
}

/** Index of the first element of a sorted id array that is >= id (ids have equal length). */
export function lowerBound(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ids[mid] as string) < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
