import { InvalidInputError } from '../../api/errors';
import type { OutboxResult } from '../../dm/dmService';
import { xchatApiId, xchatRef } from '../../dm/model/ids';
import type { DmMessage } from '../../dm/model/message';
import type { SendTarget } from '../../dm/model/sendTarget';

/**
 * The X Chat source's boundary: outside (`DmService`, the panel, drafts, notifications) a conversation is the ref
 * `xchat-<X's id>`, because X Chat 1:1 ids look exactly like legacy ones; inside (API, engine, mapping) it is X's id.
 */

/** X's id of a ref; a raw id (or a legacy one) is refused, so nothing outside can name X Chat without the prefix. */
export function apiIdOf(ref: string): string {
  const id = xchatApiId(ref);
  if (id === undefined) throw new InvalidInputError('conversationId', 'not an X Chat conversation');
  return id;
}

export function refMessage(message: DmMessage): DmMessage {
  return { ...message, conversationId: xchatRef(message.conversationId) };
}

export function refResult(result: OutboxResult): OutboxResult {
  return result.status === 'sent' && result.conversationId !== undefined ? { ...result, conversationId: xchatRef(result.conversationId) } : result;
}

/** A send target with its conversation ref turned into X's id (people stay user ids). */
export function apiTarget(target: SendTarget): SendTarget {
  return 'conversationId' in target ? { conversationId: apiIdOf(target.conversationId) } : target;
}
