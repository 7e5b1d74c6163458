/**
 * The one place that decides which fields and expansions X returns. Every DM event request asks for the same set
 * so the archive always has sender, conversation, time, attachments, referenced posts and participants, and so
 * `includes` resolves senders/participants, referenced posts and media in the same request — no follow-up
 * lookups for names. Names are X API 2.166 (`tweet.fields`, `referenced_tweets.id`), which 2.167 still accepts.
 */
export const DM_EVENT_FIELDS = [
  'id',
  'event_type',
  'text',
  'sender_id',
  'dm_conversation_id',
  'created_at',
  'participant_ids',
  'attachments',
  'referenced_tweets',
  // X replaces every URL in DM text with a t.co link; the entities say where each one really goes.
  'entities',
] as const;

export const DM_EXPANSIONS = ['sender_id', 'participant_ids', 'attachments.media_keys', 'referenced_tweets.id'] as const;

export const USER_FIELDS = ['id', 'name', 'username', 'profile_image_url', 'receives_your_dm', 'protected', 'verified'] as const;

export const TWEET_FIELDS = ['id', 'text', 'author_id', 'created_at'] as const;

export const MEDIA_FIELDS = ['media_key', 'type', 'url', 'preview_image_url', 'width', 'height', 'alt_text'] as const;

const DM_EVENT_QUERY: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'dm_event.fields': DM_EVENT_FIELDS,
  expansions: DM_EXPANSIONS,
  'user.fields': USER_FIELDS,
  'tweet.fields': TWEET_FIELDS,
  'media.fields': MEDIA_FIELDS,
});

/** Query parameters shared by every request that returns DM events (lists and event by id). */
export function dmEventQuery(): Readonly<Record<string, readonly string[]>> {
  return DM_EVENT_QUERY;
}

/** Query parameters for user lookups. */
export function userQuery(): Record<string, readonly string[]> {
  return { 'user.fields': USER_FIELDS };
}
