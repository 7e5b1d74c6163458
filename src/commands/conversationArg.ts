import { ID_PATTERN, isConversationRef } from '../dm/model/ids';

/**
 * A conversation command's argument (`{conversationId}`, `{userId}` or a bare id) is untrusted: only ids in X's
 * patterns survive and nothing else is read, so no argument (a `confirmed` flag, say) can skip a confirmation.
 */

export interface ConversationArg {
  conversationId?: string;
  userId?: string;
}

export function parseConversationArg(arg: unknown): ConversationArg {
  if (typeof arg === 'string') return isConversationRef(arg) ? { conversationId: arg } : {};
  if (typeof arg !== 'object' || arg === null) return {};
  const record = arg as Record<string, unknown>;
  const out: ConversationArg = {};
  if (typeof record.conversationId === 'string' && isConversationRef(record.conversationId)) out.conversationId = record.conversationId;
  if (typeof record.userId === 'string' && ID_PATTERN.test(record.userId)) out.userId = record.userId;
  return out;
}
