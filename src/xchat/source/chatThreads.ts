import { compareIds } from '../../dm/model/ids';
import type { DmMessage } from '../../dm/model/message';

/**
 * Decrypted X Chat threads, in memory only (decrypted text never reaches disk: docs/decisions/022). Besides the
 * messages, each thread keeps what the next sync and "load older" need: the key-change events (ciphertext) that
 * open its messages, the `updated_at` seen when it was last read, X's token for older events, and which client
 * message id became which event (to settle sends whose answer was lost). `clear` forgets all of it.
 */
export interface ChatThread {
  messages: Map<string, DmMessage>;
  keyChangeEvents: Set<string>;
  /** The conversation's `updated_at` when its events were last read; undefined: never read. */
  seenUpdatedAt?: number;
  olderToken?: string;
  /** Client message id → event id, for verified messages. */
  eventOfMessageId: Map<string, string>;
}

export class ChatThreads {
  private readonly threads = new Map<string, ChatThread>();

  get(conversationId: string): ChatThread | undefined {
    return this.threads.get(conversationId);
  }

  ensure(conversationId: string): ChatThread {
    let thread = this.threads.get(conversationId);
    if (!thread) {
      thread = { messages: new Map(), keyChangeEvents: new Set(), eventOfMessageId: new Map() };
      this.threads.set(conversationId, thread);
    }
    return thread;
  }

  /** `updated_at` per conversation whose events were read (for `conversationsToRead`). */
  seenUpdatedAt(): Map<string, number> {
    const seen = new Map<string, number>();
    for (const [id, t] of this.threads) if (t.seenUpdatedAt !== undefined) seen.set(id, t.seenUpdatedAt);
    return seen;
  }

  /** Adds messages not held yet; returns the new ones. */
  merge(conversationId: string, messages: readonly DmMessage[]): DmMessage[] {
    const thread = this.ensure(conversationId);
    const added = messages.filter((m) => !thread.messages.has(m.id));
    for (const m of added) thread.messages.set(m.id, m);
    return added;
  }

  /** Oldest first. */
  messages(conversationId: string): DmMessage[] {
    return [...(this.threads.get(conversationId)?.messages.values() ?? [])].sort((a, b) => compareIds(a.id, b.id));
  }

  /** The newest event id held (what "read up to here" names). */
  newestId(conversationId: string): string | undefined {
    return this.messages(conversationId).at(-1)?.id;
  }

  /** Forgets every decrypted message and marker; the text is dropped with the objects holding it. */
  clear(): void {
    for (const t of this.threads.values()) {
      t.messages.clear();
      t.keyChangeEvents.clear();
      t.eventOfMessageId.clear();
    }
    this.threads.clear();
  }
}
