/** Rate-limit buckets of X Chat (method + path template), named like `src/api/endpointKeys.ts`. */
export const CHAT_ENDPOINTS = {
  listConversations: 'GET /2/chat/conversations',
  conversationEvents: 'GET /2/chat/conversations/:id/events',
  addConversationKeys: 'POST /2/chat/conversations/:id/keys',
  sendMessage: 'POST /2/chat/conversations/:id/messages',
  markRead: 'POST /2/chat/conversations/:id/read',
  typing: 'POST /2/chat/conversations/:id/typing',
  downloadMedia: 'GET /2/chat/media/:id/:media_hash_key',
  userPublicKeys: 'GET /2/users/:id/public_keys',
  usersPublicKeys: 'GET /2/users/public_keys',
} as const;

/** What `GET /2/chat/conversations` asks for: enough to list, sort and name every conversation in one request. */
export const CHAT_CONVERSATION_FIELDS = ['created_at', 'group_name', 'is_muted', 'type', 'updated_at'] as const;
export const CHAT_CONVERSATION_EXPANSIONS = ['participant_ids'] as const;
/** What each event needs besides its ciphertext: who X says sent it and when, for rows that cannot be verified. */
export const CHAT_EVENT_FIELDS = ['id', 'encoded_event', 'sender_id', 'conversation_id', 'created_at', 'previous_id'] as const;
export const PUBLIC_KEY_FIELDS = ['public_key', 'public_key_version', 'signing_public_key', 'identity_public_key_signature'] as const;
