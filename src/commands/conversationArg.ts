/**
 * Reads what a caller passed to a conversation command: the panel's `data-vscode-context` (`{conversationId}`),
 * `{userId}`, or a bare conversation id. Untrusted: only ids in X's patterns survive, and nothing else a caller
 * adds (a `confirmed` flag, say) is read, so no argument can skip a confirmation.
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
