import type { ThreadVM } from '../../src/protocol/viewModels';

/**
 * What the open thread does when X Chat's lock changes: locking drops an encrypted thread's decrypted items from the
 * page at once (before the host's locked thread arrives); unlocking a locked thread asks for the readable one.
 */
export function followXChatLock(
  thread: ThreadVM | undefined,
  wasUnlocked: boolean,
  unlocked: boolean,
): { kind: 'keep' } | { kind: 'reopen'; conversationId: string } | { kind: 'lock'; thread: ThreadVM } {
  if (!thread || wasUnlocked === unlocked) return { kind: 'keep' };
  if (unlocked && thread.locked) return { kind: 'reopen', conversationId: thread.conversationId };
  if (!unlocked && thread.encrypted && !thread.locked) return { kind: 'lock', thread: { ...thread, items: [], canLoadOlder: false, locked: true } };
  return { kind: 'keep' };
}
