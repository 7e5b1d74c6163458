import type { ThreadVM } from '../../src/protocol/viewModels';

/**
 * Whether the host already holds `text` as one of my unsent messages in this thread (pending, "may have been
 * sent" or failed). A send request that errors after that point must not put the text back into the composer:
 * the outbox owns it, and it may even have reached X.
 */
export function heldByOutbox(thread: ThreadVM | undefined, text: string): boolean {
  return thread?.items.some((item) => item.type === 'message' && item.fromMe && item.localId !== undefined && item.text === text) ?? false;
}
