import type { ApiHandler } from '../routes';
import type { LimitClass } from '../rateLimit';
import { getChatConversation, getChatConversationEvents, getChatConversations } from './read';
import { addConversationKeys, markChatConversationRead, sendChatMessage, sendChatTypingIndicator } from './write';
import { getChatMedia } from './media';
import { addUserPublicKey, getUserPublicKeys, getUsersPublicKeys } from './publicKeys';

/** X Chat operations (2.167 only) as `[operationId, rate-limit class, handler]`; routes.ts turns them into routes. */
export const CHAT_ROUTES: [string, LimitClass, ApiHandler][] = [
  ['getChatConversations', 'chatRead', getChatConversations],
  ['getChatConversation', 'chatRead', getChatConversation],
  ['getChatConversationEvents', 'chatRead', getChatConversationEvents],
  ['addConversationKeys', 'chatWrite', addConversationKeys],
  ['sendChatMessage', 'chatWrite', sendChatMessage],
  ['markChatConversationRead', 'chatWrite', markChatConversationRead],
  ['sendChatTypingIndicator', 'chatWrite', sendChatTypingIndicator],
  ['chatMediaDownload', 'chatRead', getChatMedia],
  ['getUsersPublicKey', 'publicKeys', getUserPublicKeys],
  ['addUserPublicKey', 'publicKeys', addUserPublicKey],
  ['getUsersPublicKeys', 'publicKeys', getUsersPublicKeys],
];
