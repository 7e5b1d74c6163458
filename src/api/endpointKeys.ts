/**
 * Rate-limit buckets (`EndpointKey`s): method + path template. The sync engine and the status bar look budgets up
 * by these names, so they are exported constants rather than strings scattered around.
 */
export const ENDPOINTS = {
  listDmEvents: 'GET /2/dm_events',
  getDmEvent: 'GET /2/dm_events/:event_id',
  deleteDmEvent: 'DELETE /2/dm_events/:event_id',
  createGroup: 'POST /2/dm_conversations',
  sendToConversation: 'POST /2/dm_conversations/:dm_conversation_id/messages',
  sendToParticipant: 'POST /2/dm_conversations/with/:participant_id/messages',
  listConversationEvents: 'GET /2/dm_conversations/:dm_conversation_id/dm_events',
  listEventsWithParticipant: 'GET /2/dm_conversations/with/:participant_id/dm_events',
  downloadDmMedia: 'GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id',
  usersMe: 'GET /2/users/me',
  usersByIds: 'GET /2/users',
  usersByUsernames: 'GET /2/users/by',
  dmBlock: 'POST /2/users/:id/dm/block',
  dmUnblock: 'POST /2/users/:id/dm/unblock',
  mediaInitialize: 'POST /2/media/upload/initialize',
  mediaAppend: 'POST /2/media/upload/:id/append',
  mediaFinalize: 'POST /2/media/upload/:id/finalize',
  mediaStatus: 'GET /2/media/upload',
} as const;

export type KnownEndpoint = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];
