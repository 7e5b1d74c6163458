import type { DmMessage, MessageStatus } from '../../dm/model/message';
import type { SealedMessage } from '../api/chatApi';

/**
 * X Chat sends in flight, in memory. A message is sealed once; the same `SealedMessage` (same client message id)
 * is what every retry posts, so X stores it once however often the answer is lost. Entries leave when X's answer
 * or a later read of the thread shows the event.
 */
export interface ChatOutboxEntry {
  localId: string;
  conversationId: string;
  /** Emptied on lock: the plaintext goes with the keys; the sealed bytes can still be posted or checked. */
  text: string;
  sealed: SealedMessage;
  createdAt: number;
  /** `sent`: X took it, but its event is not in the thread yet (the row stays until a read brings it). */
  status: MessageStatus;
  reason?: string;
}

export class ChatOutbox {
  private readonly entries = new Map<string, ChatOutboxEntry>();

  add(entry: ChatOutboxEntry): void {
    this.entries.set(entry.localId, entry);
  }

  get(localId: string): ChatOutboxEntry | undefined {
    return this.entries.get(localId);
  }

  remove(localId: string): boolean {
    return this.entries.delete(localId);
  }

  /** Removes the entries whose client message id has become an event of the thread; true if any did. */
  settle(conversationId: string, eventOfMessageId: ReadonlyMap<string, string>): boolean {
    let settled = false;
    for (const e of this.entries.values()) {
      if (e.conversationId === conversationId && eventOfMessageId.has(e.sealed.messageId)) settled = this.entries.delete(e.localId) || settled;
    }
    return settled;
  }

  /** The unsent messages of a conversation as thread rows, oldest first. */
  rows(conversationId: string, meId: string): DmMessage[] {
    return [...this.entries.values()]
      .filter((e) => e.conversationId === conversationId)
      .map((e) => ({
        type: 'message',
        id: e.localId,
        localId: e.localId,
        conversationId,
        senderId: meId,
        fromMe: true,
        text: e.text,
        createdAt: e.createdAt,
        status: e.status,
        ...(e.reason ? { statusReason: e.reason } : {}),
        attachments: [],
        referencedPosts: [],
      }));
  }

  /** On lock: sent rows go, unsent ones keep only their sealed bytes (still retryable, no plaintext). */
  forgetText(): void {
    for (const e of [...this.entries.values()]) {
      if (e.status === 'sent') this.entries.delete(e.localId);
      else e.text = '';
    }
  }
}
