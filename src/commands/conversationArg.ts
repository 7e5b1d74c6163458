/**
 * A conversation command's argument (`{conversationId}`, `{userId}` or a bare id) is untrusted: only ids in X's
 * patterns survive and nothing else is read, so no argument (a `confirmed` flag, say) can skip a confirmation.
 */
const CONVERSATION_ID = /^([0-9]{1,19}-[0-9]{1,19}|[0-9]{1,19})$/;
const USER_ID = /^[0-9]{1,19}$/;

export interface ConversationArg {
  conversationId?: string;
  userId?: string;
}

export function parseConversationArg(arg: unknown): ConversationArg {
  if (typeof arg === 'string') return CONVERSATION_ID.test(arg) ? { conversationId: arg } : {};
  if (typeof arg !== 'object' || arg === null) return {};
  const record = arg as Record<string, unknown>;
  const out: ConversationArg = {};
  if (typeof record.conversationId === 'string' && CONVERSATION_ID.test(record.conversationId)) out.conversationId = record.conversationId;
  if (typeof record.userId === 'string' && USER_ID.test(record.userId)) out.userId = record.userId;
  return out;
}
