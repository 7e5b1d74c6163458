import type { ThreadVM } from '../../src/protocol/viewModels';

/**
 * Whether the outbox already holds `text` as one of my unsent messages here: a send that errors after that point must
 * not put the text back in the composer, since it may have reached X.
 */
export function heldByOutbox(thread: ThreadVM | undefined, text: string): boolean {
  return thread?.items.some((item) => item.type === 'message' && item.fromMe && item.localId !== undefined && item.text === text) ?? false;
}
