import { InvalidInputError, isXApiError } from '../../api/errors';
import type { OutboxResult } from '../../dm/dmService';
import { XCHAT_CONVERSATION_ID_PATTERN } from '../../dm/model/ids';
import type { DmMessage } from '../../dm/model/message';
import type { SendTarget } from '../../dm/model/sendTarget';
import type { ChatConversationWire } from '../api/schemas';
import type { EncryptionEngine } from '../engine/engine';
import { mapChatEvents } from '../mapChatEvents';
import { identityKeysOf } from '../signingKeys';
import { ChatOutbox, type ChatOutboxEntry } from './chatOutbox';
import type { ChatClient, ChatReader } from './chatReader';
import type { ChatThreads } from './chatThreads';
import { directChatId, membersOf } from './syncPlan';

export interface ChatSenderDeps {
  api: ChatClient;
  reader: ChatReader;
  threads: ChatThreads;
  meId: string;
  now: () => number;
  newLocalId: () => string;
  /** The unlocked engine; throws `XChatLockedError` while locked. */
  engine: () => EncryptionEngine;
  aliveCheck: () => () => boolean;
  /** The conversation as the last listing showed it. */
  listed: (conversationId: string) => ChatConversationWire | undefined;
  changed: (conversationIds: string[]) => void;
}

/** The person has no X Chat keys: an encrypted conversation cannot be started with them. */
export class XChatNoKeysError extends Error {
  constructor() {
    super('This person has not set up encrypted chats on X.');
  }
}

/**
 * Sending X Chat messages: sealed once by the engine, posted, and on any doubt posted again as the same sealed
 * bytes (X keeps one message per client message id). A new 1:1 first posts a conversation key wrapped to both
 * people's public keys. Groups are answered to, not started (X's app does that).
 */
export class ChatSender {
  private readonly outbox = new ChatOutbox();
  /** 1:1s whose key this device posted and that the inbox does not list yet. */
  private readonly started = new Set<string>();

  constructor(private readonly deps: ChatSenderDeps) {}

  async send(target: SendTarget, text: string): Promise<OutboxResult> {
    const engine = this.deps.engine();
    const conversationId = await this.conversationFor(engine, target);
    await this.knowKey(engine, conversationId);
    const sealed = await engine.request({ op: 'encryptMessage', conversationId, text });
    const { messageId, encodedMessageCreateEvent, encodedMessageEventSignature } = sealed;
    const entry: ChatOutboxEntry = {
      localId: this.deps.newLocalId(),
      conversationId,
      text,
      sealed: { messageId, encodedMessageCreateEvent, encodedMessageEventSignature },
      createdAt: this.deps.now(),
      status: 'pending',
    };
    this.outbox.add(entry);
    this.deps.changed([conversationId]);
    return this.post(entry);
  }

  async retry(localId: string): Promise<OutboxResult> {
    const entry = this.entry(localId);
    if (entry.status === 'sent') return { status: 'sent', conversationId: entry.conversationId };
    if (entry.status === 'pending') return { status: 'unconfirmed', localId, reason: 'The message is being sent.' };
    entry.status = 'pending';
    this.deps.changed([entry.conversationId]);
    return this.post(entry);
  }

  async check(localId: string): Promise<OutboxResult> {
    const entry = this.entry(localId);
    const engine = this.deps.engine();
    const { conversationId } = entry;
    const seen = this.deps.threads.get(conversationId)?.seenUpdatedAt;
    await this.deps.reader.readNew(engine, conversationId, seen, this.deps.aliveCheck());
    this.settle(conversationId);
    const eventId = this.deps.threads.get(conversationId)?.eventOfMessageId.get(entry.sealed.messageId);
    if (eventId !== undefined || entry.status === 'sent') return { status: 'sent', conversationId, eventId };
    const reason = entry.reason ?? 'X has not shown the message yet.';
    return entry.status === 'failed' ? { status: 'failed', localId, reason } : { status: 'unconfirmed', localId, reason };
  }

  discard(localId: string): void {
    const entry = this.outbox.get(localId);
    if (entry && this.outbox.remove(localId)) this.deps.changed([entry.conversationId]);
  }

  /** After a read of the thread: sends whose event arrived leave the outbox. */
  settle(conversationId: string): void {
    const thread = this.deps.threads.get(conversationId);
    if (thread && this.outbox.settle(conversationId, thread.eventOfMessageId)) this.deps.changed([conversationId]);
    if (thread?.seenUpdatedAt !== undefined) this.started.delete(conversationId);
  }

  rows(conversationId: string): DmMessage[] {
    return this.outbox.rows(conversationId, this.deps.meId);
  }

  forgetText(): void {
    this.outbox.forgetText();
  }

  private entry(localId: string): ChatOutboxEntry {
    const entry = this.outbox.get(localId);
    if (!entry) throw new InvalidInputError('localId', 'no such message waiting to be sent');
    return entry;
  }

  private async conversationFor(engine: EncryptionEngine, target: SendTarget): Promise<string> {
    const { meId } = this.deps;
    if ('conversationId' in target) {
      if (!XCHAT_CONVERSATION_ID_PATTERN.test(target.conversationId)) throw new InvalidInputError('conversationId', 'not an X Chat conversation');
      return target.conversationId;
    }
    if ('participantId' in target) {
      const id = directChatId(meId, target.participantId);
      if (this.deps.listed(id) || this.started.has(id) || this.deps.threads.get(id)) return id;
      return this.start(engine, target.participantId);
    }
    throw new InvalidInputError('target', 'new encrypted group chats are started in X’s app');
  }

  /** The engine seals with the conversation key from the thread's key changes: read a thread no sync has read yet. */
  private async knowKey(engine: EncryptionEngine, conversationId: string): Promise<void> {
    if (this.started.has(conversationId) || (this.deps.threads.get(conversationId)?.keyChangeEvents.size ?? 0) > 0) return;
    const alive = this.deps.aliveCheck();
    await this.deps.reader.loadSigningKeys(engine, membersOf(this.deps.listed(conversationId), conversationId, this.deps.meId), alive);
    const read = await this.deps.reader.readNew(engine, conversationId, undefined, alive);
    if (read.added.length > 0) this.deps.changed([conversationId]);
  }

  /** A new 1:1: a conversation key wrapped to both people, posted to the other user's id. */
  private async start(engine: EncryptionEngine, otherId: string): Promise<string> {
    const { api, meId } = this.deps;
    const keys = await api.publicKeys([meId, otherId]);
    if (!keys.has(otherId) || !keys.has(meId)) throw new XChatNoKeysError();
    const change = await engine.request({ op: 'prepareKeyChange', publicKeys: identityKeysOf(keys) });
    const created = await api.postKeys(otherId, change);
    const id = created.conversationId ?? directChatId(meId, otherId);
    this.started.add(id);
    return id;
  }

  private async post(entry: ChatOutboxEntry): Promise<OutboxResult> {
    const { localId, conversationId } = entry;
    const alive = this.deps.aliveCheck();
    let answer: { encodedMessageEvent?: string };
    try {
      answer = await this.deps.api.sendMessage(conversationId, entry.sealed);
    } catch (error) {
      const doubt = isXApiError(error) && error.mayHaveReachedServer;
      entry.status = doubt ? 'unconfirmed' : 'failed';
      entry.reason = isXApiError(error) ? error.userMessage : 'The message could not be sent.';
      this.deps.changed([conversationId]);
      return { status: entry.status, localId, reason: entry.reason };
    }
    entry.status = 'sent';
    const eventId = answer.encodedMessageEvent && alive() ? await this.keepSent(entry, answer.encodedMessageEvent, alive) : undefined;
    if (eventId === undefined) {
      // Not opened here: the next sync reads this thread and replaces the row with the event.
      const thread = this.deps.threads.get(conversationId);
      if (thread) thread.seenUpdatedAt = undefined;
    }
    this.deps.changed([conversationId]);
    return { status: 'sent', conversationId, eventId };
  }

  /** Opens the event X answered with, so the thread shows the message as X stored it. */
  private async keepSent(entry: ChatOutboxEntry, encoded: string, alive: () => boolean): Promise<string | undefined> {
    const { conversationId } = entry;
    const keyChangeEvents = [...(this.deps.threads.get(conversationId)?.keyChangeEvents ?? [])];
    const opened = await this.deps.engine().request({ op: 'decrypt', keyChangeEvents, events: [encoded] }).catch(() => undefined);
    const result = opened?.events[0];
    if (!alive() || result?.kind !== 'message' || result.messageId !== entry.sealed.messageId) return undefined;
    const thread = this.deps.threads.ensure(conversationId);
    const wire = { id: result.sequenceId, encoded_event: encoded, sender_id: this.deps.meId };
    this.deps.threads.merge(conversationId, mapChatEvents([wire], [result], { conversationId, meId: this.deps.meId }));
    thread.eventOfMessageId.set(result.messageId, result.sequenceId);
    this.outbox.remove(entry.localId);
    return result.sequenceId;
  }
}
