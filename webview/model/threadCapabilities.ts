import type { ThreadVM } from '../../src/protocol/viewModels';

/**
 * What the thread offers: "Delete for everyone" and attachments. X Chat offers neither unless the host says so; a
 * legacy thread from a host that does not send the flags yet keeps both, as it always had.
 */
export function threadCapabilities(thread: Pick<ThreadVM, 'encrypted' | 'locked' | 'canDelete' | 'canSendMedia'>): { canDelete: boolean; canSendMedia: boolean } {
  const encrypted = thread.encrypted === true || thread.locked === true;
  return {
    canDelete: thread.canDelete ?? !encrypted,
    canSendMedia: !thread.locked && (thread.canSendMedia ?? !encrypted),
  };
}
