import type { EmuEvent, EmuMedia, EmuTweet, EmuUser } from './model';
import type { Store } from './store';
import type { ApiVersion } from './spec';
import { eventEntities, placeEntities } from './entities';
import { resourceNotFound } from './problems';

/**
 * Turns records into X API objects, honouring `*.fields` exactly: the default fields are always present, other
 * fields only when asked for and when the object has a value (X omits absent fields). The request's generation
 * picks the names: 2.166 `referenced_tweets` / `includes.tweets` / top-level entities, 2.167 `referenced_posts` /
 * `includes.posts` / `entities`.
 */
export interface FieldRequest {
  generation: ApiVersion;
  dmEventFields: Set<string>;
  expansions: Set<string>;
  userFields: Set<string>;
  mediaFields: Set<string>;
  /** `tweet.fields` (2.166) or `post.fields` (2.167). */
  postFields: Set<string>;
}

type Json = Record<string, unknown>;

const POSTS_EXPANSION: Record<ApiVersion, string> = { '2.166': 'referenced_tweets.id', '2.167': 'referenced_posts' };
const POSTS_FIELD: Record<ApiVersion, string> = { '2.166': 'referenced_tweets', '2.167': 'referenced_posts' };

export function fieldRequest(query: URLSearchParams, generation: ApiVersion = '2.166'): FieldRequest {
  const list = (name: string): Set<string> =>
    new Set((query.get(name) ?? '').split(',').filter((s) => s.length > 0));
  return {
    generation,
    dmEventFields: list('dm_event.fields'),
    expansions: list('expansions'),
    userFields: list('user.fields'),
    mediaFields: list('media.fields'),
    postFields: list(generation === '2.167' ? 'post.fields' : 'tweet.fields'),
  };
}

const EXPANSION_FIELD: Record<string, string> = {
  sender_id: 'sender_id',
  participant_ids: 'participant_ids',
  'attachments.media_keys': 'attachments',
  'referenced_tweets.id': 'referenced_tweets',
  referenced_posts: 'referenced_posts',
};

export function renderEvent(ev: EmuEvent, req: FieldRequest): Json {
  const postsField = POSTS_FIELD[req.generation];
  const want = new Set(['id', 'event_type', 'text', ...req.dmEventFields]);
  // X adds the id field an expansion refers to, so the includes can be joined back to the event.
  for (const e of req.expansions) if (EXPANSION_FIELD[e]) want.add(EXPANSION_FIELD[e] as string);
  const out: Json = { id: ev.id, event_type: ev.eventType };
  if (want.has('text') && ev.text !== undefined) out.text = ev.text;
  if (want.has('sender_id')) out.sender_id = ev.senderId;
  if (want.has('dm_conversation_id')) out.dm_conversation_id = ev.conversationId;
  if (want.has('created_at')) out.created_at = new Date(ev.createdAt).toISOString();
  if (want.has('participant_ids') && ev.participantIds?.length) out.participant_ids = [...ev.participantIds];
  if (want.has('attachments') && ev.mediaKeys?.length) out.attachments = { media_keys: [...ev.mediaKeys] };
  if (want.has(postsField) && ev.referencedTweetIds?.length) out[postsField] = ev.referencedTweetIds.map((id) => ({ id }));
  if (want.has('entities')) Object.assign(out, placeEntities(eventEntities(ev), req.generation));
  return out;
}

export function renderUser(u: EmuUser, fields: Set<string>, viewerId: string, baseUrl: string, generation: ApiVersion = '2.166'): Json {
  const out: Json = { id: u.id, name: u.name, username: u.username };
  if (fields.has('created_at')) out.created_at = new Date(u.createdAt).toISOString();
  if (fields.has('description')) out.description = u.description;
  if (fields.has('location') && u.location) out.location = u.location;
  if (fields.has('profile_image_url')) out.profile_image_url = `${baseUrl}/__emulator/avatar/${u.id}.png`;
  if (fields.has('protected')) out.protected = u.protected;
  if (fields.has('verified')) out.verified = u.verified;
  if (fields.has('verified_type')) out.verified_type = u.verified ? 'blue' : 'none';
  if (fields.has('receives_your_dm') && u.id !== viewerId) out.receives_your_dm = u.receivesYourDm;
  if (fields.has('url')) out.url = '';
  if (fields.has('public_metrics')) {
    out.public_metrics = {
      followers_count: u.followers,
      following_count: u.following,
      // 2.167 counts posts: `post_count` where 2.166 said `tweet_count`.
      [generation === '2.167' ? 'post_count' : 'tweet_count']: u.tweets,
      listed_count: 0,
      like_count: 0,
    };
  }
  return out;
}

export function renderMedia(m: EmuMedia, fields: Set<string>, dmEventId: string, baseUrl: string): Json {
  const type = m.mimeType === 'image/gif' ? 'animated_gif' : m.mimeType.startsWith('video/') ? 'video' : 'photo';
  const out: Json = { media_key: m.key, type };
  if (fields.has('url') && type === 'photo') {
    out.url = `${baseUrl}/2/dm_conversations/media/${dmEventId}/${m.id}/${m.resourceId}`;
  }
  if (fields.has('width') && m.width !== undefined) out.width = m.width;
  if (fields.has('height') && m.height !== undefined) out.height = m.height;
  if (fields.has('alt_text') && m.altText) out.alt_text = m.altText;
  return out;
}

/** A Post (2.167) or Tweet (2.166): the same record, only the edit-history field is renamed. */
export function renderTweet(t: EmuTweet, fields: Set<string>, generation: ApiVersion = '2.166'): Json {
  const history = generation === '2.167' ? 'edit_history_post_ids' : 'edit_history_tweet_ids';
  const out: Json = { id: t.id, text: t.text, [history]: [t.id] };
  if (fields.has('author_id')) out.author_id = t.authorId;
  if (fields.has('created_at')) out.created_at = new Date(t.createdAt).toISOString();
  if (fields.has('conversation_id')) out.conversation_id = t.id;
  if (fields.has('lang')) out.lang = 'en';
  return out;
}

/**
 * `includes` for a set of events (empty collections left out, `undefined` when nothing is included), and X's
 * partial errors for expanded ids that no longer resolve (e.g. a referenced post that was deleted).
 */
export function renderIncludes(
  events: EmuEvent[],
  req: FieldRequest,
  store: Store,
  viewerId: string,
  baseUrl: string,
): { includes?: Json; errors: Json[] } {
  const errors: Json[] = [];
  const users = new Map<string, Json>();
  const media = new Map<string, Json>();
  const tweets = new Map<string, Json>();
  const addUser = (id: string): void => {
    const u = store.users.get(id);
    if (u && !users.has(id)) users.set(id, renderUser(u, req.userFields, viewerId, baseUrl, req.generation));
  };
  for (const ev of events) {
    if (req.expansions.has('sender_id')) addUser(ev.senderId);
    if (req.expansions.has('participant_ids')) for (const p of ev.participantIds ?? []) addUser(p);
    if (req.expansions.has('attachments.media_keys')) {
      for (const key of ev.mediaKeys ?? []) {
        const m = store.mediaByKey(key);
        if (m && !media.has(key)) media.set(key, renderMedia(m, req.mediaFields, ev.id, baseUrl));
      }
    }
    const postsExpansion = POSTS_EXPANSION[req.generation];
    if (req.expansions.has(postsExpansion)) {
      for (const id of ev.referencedTweetIds ?? []) {
        const t = store.tweets.get(id);
        if (t && !tweets.has(id)) tweets.set(id, renderTweet(t, req.postFields, req.generation));
        if (!t && !errors.some((e) => e.resource_id === id)) {
          errors.push(resourceNotFound(postsExpansion, id, req.generation === '2.167' ? 'post' : 'tweet'));
        }
      }
    }
  }
  const out: Json = {};
  if (users.size) out.users = [...users.values()];
  if (media.size) out.media = [...media.values()];
  if (tweets.size) out[req.generation === '2.167' ? 'posts' : 'tweets'] = [...tweets.values()];
  return { includes: Object.keys(out).length ? out : undefined, errors };
}
