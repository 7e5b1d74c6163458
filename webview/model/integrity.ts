import type { WebviewStrings } from '../../src/protocol/strings';
import type { MessageVM } from '../../src/protocol/viewModels';

export type IntegrityStrings = Pick<WebviewStrings, 'integrityUnverified' | 'integrityUndecryptable'>;

/**
 * The notice that replaces an X Chat message the keys could not open or whose sender did not verify. Built from
 * our strings alone: nothing of the message's own content (which should be empty anyway) can reach the row.
 */
export function integrityNotice(message: Pick<MessageVM, 'integrity'>, s: IntegrityStrings): string | undefined {
  if (message.integrity === undefined) return undefined;
  // Any other value (a newer host's) is still a message that must not be shown as text.
  return message.integrity === 'unverified' ? s.integrityUnverified : s.integrityUndecryptable;
}
