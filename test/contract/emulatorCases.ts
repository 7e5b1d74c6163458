import type { ApiVersion } from '../emulator/spec';

/**
 * The requests of the emulator's contract test: for each of the spec's 20 operations, valid requests and invalid
 * ones (bad parameters, bodies, auth, scopes, semantics) with the status the emulator must answer.
 */

export interface CaseContext {
  token: string;
  readOnly: string;
  me: string;
  imageEventId: string;
  imageMediaId: string;
  imageResourceId: string;
  othersEventId: string;
  groupId: string;
  png: Buffer;
  /** Values produced by earlier cases (ids of sent messages, uploads). */
  state: Record<string, string>;
}

export interface CaseRequest {
  method: string;
  path: string;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  auth?: 'token' | 'readOnly' | 'none';
}

export interface ContractCase {
  operationId: string;
  name: string;
  valid: boolean;
  status: number;
  /** The request breaks the spec in a way Prism itself can see (parameters, body schema, missing auth). */
  prismSeesIt?: boolean;
  request(ctx: CaseContext): CaseRequest;
  after?(ctx: CaseContext, body: unknown): void;
}

const ADA = '783214';
const GRACE = '1230000000000000007';
const PAT = '555000111';
const MEDIA_AND_USER_FIELDS =
  '&media.fields=url,width,height,alt_text,media_key,type&user.fields=created_at,description,location,profile_image_url,protected,public_metrics,receives_your_dm,verified,verified_type,url';

/** Every field and expansion of a DM read, in the names of each generation (2.167 trimmed dm_event.fields). */
const ALL_FIELDS: Record<ApiVersion, string> = {
  '2.166':
    'dm_event.fields=attachments,created_at,dm_conversation_id,entities,event_type,id,participant_ids,referenced_tweets,sender_id,text' +
    '&expansions=attachments.media_keys,participant_ids,referenced_tweets.id,sender_id' +
    MEDIA_AND_USER_FIELDS +
    '&tweet.fields=author_id,created_at,conversation_id,lang',
  '2.167':
    'dm_event.fields=attachments,created_at,dm_conversation_id,entities,event_type,id,text' +
    '&expansions=attachments.media_keys,participant_ids,referenced_posts,sender_id' +
    MEDIA_AND_USER_FIELDS +
    '&post.fields=created_at,conversation_id,lang',
};
const POSTS: Record<ApiVersion, string> = {
  '2.166': 'expansions=referenced_tweets.id&tweet.fields=author_id',
  '2.167': 'expansions=referenced_posts&post.fields=created_at',
};

const get = (path: string, auth: CaseRequest['auth'] = 'token'): (() => CaseRequest) => () => ({ method: 'GET', path, auth });
const post = (path: string, json?: unknown, auth: CaseRequest['auth'] = 'token'): (() => CaseRequest) => () => ({ method: 'POST', path, json, auth });
const dataOf = (body: unknown): Record<string, string> => ((body as { data?: Record<string, string> }).data ?? {});

function dmCases(version: ApiVersion): ContractCase[] {
  const ALL = ALL_FIELDS[version];
  const op = {
    list: 'getDirectMessagesEvents',
    byId: 'getDirectMessagesEventsById',
    del: 'deleteDirectMessagesEvents',
    group: 'createDirectMessagesConversation',
    toConv: 'createDirectMessagesByConversationId',
    toUser: 'createDirectMessagesByParticipantId',
    convEvents: 'getDirectMessagesEventsByConversationId',
    userEvents: 'getDirectMessagesEventsByParticipantId',
    download: 'dmConversationsMediaDownload',
  };
  return [
    { operationId: op.list, name: 'defaults', valid: true, status: 200, request: get('/2/dm_events') },
    { operationId: op.list, name: 'all fields and expansions', valid: true, status: 200, request: get(`/2/dm_events?max_results=5&${ALL}`), after: (c, b) => (c.state.next = (b as { meta: { next_token: string } }).meta.next_token) },
    { operationId: op.list, name: 'next page, event_types', valid: true, status: 200, request: (c) => get(`/2/dm_events?max_results=2&event_types=MessageCreate,ParticipantsLeave&pagination_token=${c.state.next ?? ''}`)() },
    { operationId: op.list, name: 'empty page (data omitted)', valid: true, status: 200, request: get('/2/dm_conversations/with/1/dm_events?max_results=1') },
    { operationId: op.list, name: 'max_results=101', valid: false, status: 400, prismSeesIt: true, request: get('/2/dm_events?max_results=101') },
    { operationId: op.list, name: 'unknown event type', valid: false, status: 400, prismSeesIt: true, request: get('/2/dm_events?event_types=Typing') },
    { operationId: op.list, name: 'short pagination token', valid: false, status: 400, prismSeesIt: true, request: get('/2/dm_events?pagination_token=abc') },
    { operationId: op.list, name: 'unknown expansion', valid: false, status: 400, prismSeesIt: true, request: get('/2/dm_events?expansions=author_id') },
    { operationId: op.list, name: 'no token', valid: false, status: 401, prismSeesIt: true, request: get('/2/dm_events', 'none') },
    { operationId: op.list, name: 'bad token', valid: false, status: 401, request: () => ({ method: 'GET', path: '/2/dm_events', auth: 'none', headers: { authorization: 'Bearer nope' } }) },
    { operationId: op.byId, name: 'with expansions', valid: true, status: 200, request: (c) => get(`/2/dm_events/${c.imageEventId}?${ALL}`)() },
    { operationId: op.byId, name: 'non-numeric id', valid: false, status: 400, prismSeesIt: true, request: get('/2/dm_events/abc') },
    { operationId: op.byId, name: 'unknown id', valid: false, status: 404, request: get('/2/dm_events/42') },
    { operationId: op.toUser, name: 'text', valid: true, status: 201, request: post(`/2/dm_conversations/with/${ADA}/messages`, { text: 'contract 👋 <b>hi</b>' }), after: (c, b) => (c.state.sent = dataOf(b).dm_event_id ?? '') },
    { operationId: op.toUser, name: 'empty text', valid: false, status: 400, prismSeesIt: true, request: post(`/2/dm_conversations/with/${ADA}/messages`, { text: '' }) },
    { operationId: op.toUser, name: 'no text nor attachments', valid: false, status: 400, prismSeesIt: true, request: post(`/2/dm_conversations/with/${ADA}/messages`, { message: 'hi' }) },
    { operationId: op.toUser, name: '10,001 characters', valid: false, status: 400, request: post(`/2/dm_conversations/with/${ADA}/messages`, { text: 'x'.repeat(10_001) }) },
    { operationId: op.toUser, name: 'two attachments', valid: false, status: 400, request: post(`/2/dm_conversations/with/${ADA}/messages`, { text: 'x', attachments: [{ media_id: '1' }, { media_id: '2' }] }) },
    { operationId: op.toUser, name: 'user refusing DMs', valid: false, status: 403, request: post(`/2/dm_conversations/with/${PAT}/messages`, { text: 'hi' }) },
    { operationId: op.toUser, name: 'missing dm.write', valid: false, status: 403, request: post(`/2/dm_conversations/with/${ADA}/messages`, { text: 'hi' }, 'readOnly') },
    { operationId: op.toUser, name: 'bad participant id', valid: false, status: 400, prismSeesIt: true, request: post('/2/dm_conversations/with/ada/messages', { text: 'hi' }) },
    { operationId: op.toConv, name: 'to the group', valid: true, status: 201, request: (c) => post(`/2/dm_conversations/${c.groupId}/messages`, { text: 'to the crew' })() },
    { operationId: op.toConv, name: 'to a 1:1 id', valid: true, status: 201, request: (c) => post(`/2/dm_conversations/${ADA}-${c.me}/messages`, { text: '1:1 by id' })() },
    { operationId: op.toConv, name: 'non-numeric conversation id (the spec allows any string here)', valid: false, status: 404, request: post('/2/dm_conversations/abc/messages', { text: 'x' }) },
    { operationId: op.toConv, name: 'unknown conversation', valid: false, status: 404, request: post('/2/dm_conversations/1111111111111111111/messages', { text: 'x' }) },
    { operationId: op.group, name: 'new group', valid: true, status: 201, request: post('/2/dm_conversations', { conversation_type: 'Group', participant_ids: [ADA, GRACE], message: { text: 'new group' } }) },
    { operationId: op.group, name: 'one participant', valid: false, status: 400, prismSeesIt: true, request: post('/2/dm_conversations', { conversation_type: 'Group', participant_ids: [ADA], message: { text: 'x' } }) },
    { operationId: op.group, name: 'wrong conversation_type', valid: false, status: 400, prismSeesIt: true, request: post('/2/dm_conversations', { conversation_type: 'OneToOne', participant_ids: [ADA, GRACE], message: { text: 'x' } }) },
    { operationId: op.group, name: 'refusing participant', valid: false, status: 403, request: post('/2/dm_conversations', { conversation_type: 'Group', participant_ids: [ADA, PAT], message: { text: 'x' } }) },
    { operationId: op.convEvents, name: 'group events', valid: true, status: 200, request: (c) => get(`/2/dm_conversations/${c.groupId}/dm_events?${ALL}`)() },
    { operationId: op.convEvents, name: 'bad id', valid: false, status: 400, prismSeesIt: true, request: get('/2/dm_conversations/12-ab/dm_events') },
    { operationId: op.userEvents, name: 'older than 30 days too', valid: true, status: 200, request: get(`/2/dm_conversations/with/${ADA}/dm_events?max_results=100&${ALL}`) },
    { operationId: op.userEvents, name: 'deleted referenced post (partial error)', valid: true, status: 200, request: get(`/2/dm_conversations/with/${GRACE}/dm_events?${POSTS[version]}`) },
    { operationId: op.userEvents, name: 'bad participant', valid: false, status: 400, prismSeesIt: true, request: get('/2/dm_conversations/with/-1/dm_events') },
    { operationId: op.download, name: 'image bytes', valid: true, status: 200, request: (c) => get(`/2/dm_conversations/media/${c.imageEventId}/${c.imageMediaId}/${c.imageResourceId}`)() },
    // 2.167 dropped the resource id pattern: the same request is valid there and finds nothing.
    version === '2.166'
      ? { operationId: op.download, name: 'bad resource id', valid: false, status: 400, prismSeesIt: true, request: (c) => get(`/2/dm_conversations/media/${c.imageEventId}/${c.imageMediaId}/bad$name.png`)() }
      : { operationId: op.download, name: 'resource id without a pattern (2.167)', valid: true, status: 404, request: (c) => get(`/2/dm_conversations/media/${c.imageEventId}/${c.imageMediaId}/bad$name.png`)() },
    { operationId: op.download, name: 'unknown media', valid: false, status: 404, request: (c) => get(`/2/dm_conversations/media/${c.imageEventId}/1/x.png`)() },
    { operationId: op.del, name: 'own message', valid: true, status: 200, request: (c) => ({ method: 'DELETE', path: `/2/dm_events/${c.state.sent ?? ''}`, auth: 'token' }) },
    { operationId: op.del, name: "someone else's", valid: false, status: 403, request: (c) => ({ method: 'DELETE', path: `/2/dm_events/${c.othersEventId}`, auth: 'token' }) },
    { operationId: op.del, name: 'bad id', valid: false, status: 400, prismSeesIt: true, request: () => ({ method: 'DELETE', path: '/2/dm_events/x1', auth: 'token' }) },
  ];
}

function userAndMediaCases(version: ApiVersion): ContractCase[] {
  return [
    { operationId: 'getUsersMe', name: 'with fields', valid: true, status: 200, request: get('/2/users/me?user.fields=created_at,description,public_metrics,profile_image_url,verified,protected,location') },
    { operationId: 'getUsersMe', name: 'unknown field', valid: false, status: 400, prismSeesIt: true, request: get('/2/users/me?user.fields=shoe_size') },
    { operationId: 'getUsersByIds', name: 'with a miss', valid: true, status: 200, request: get(`/2/users?ids=${ADA},${PAT},42&user.fields=receives_your_dm`) },
    { operationId: 'getUsersByIds', name: 'bad id', valid: false, status: 400, prismSeesIt: true, request: get('/2/users?ids=abc') },
    { operationId: 'getUsersByIds', name: 'no ids', valid: false, status: 400, prismSeesIt: true, request: get('/2/users') },
    { operationId: 'getUsersByUsernames', name: 'two', valid: true, status: 200, request: get('/2/users/by?usernames=ada_codes,no_dms_please&user.fields=receives_your_dm') },
    { operationId: 'getUsersByUsernames', name: 'bad username', valid: false, status: 400, prismSeesIt: true, request: get('/2/users/by?usernames=not-valid!') },
    { operationId: 'getUsersByUsername', name: 'found', valid: true, status: 200, request: get('/2/users/by/username/yuki_dev?user.fields=description') },
    { operationId: 'getUsersByUsername', name: 'unknown (partial error)', valid: true, status: 200, request: get('/2/users/by/username/nobody_here') },
    { operationId: 'getUsersByUsername', name: 'too long', valid: false, status: 400, prismSeesIt: true, request: get('/2/users/by/username/sixteen_chars_xx') },
    { operationId: 'blockUsersDms', name: 'block', valid: true, status: 200, request: post(`/2/users/${GRACE}/dm/block`) },
    { operationId: 'createDirectMessagesByParticipantId', name: 'to a user I DM-blocked', valid: false, status: 403, request: post(`/2/dm_conversations/with/${GRACE}/messages`, { text: 'hi' }) },
    { operationId: 'blockUsersDms', name: 'unknown user (partial error)', valid: true, status: 200, request: post('/2/users/42/dm/block') },
    { operationId: 'unblockUsersDms', name: 'unblock', valid: true, status: 200, request: post(`/2/users/${GRACE}/dm/unblock`) },
    { operationId: 'createDirectMessagesByParticipantId', name: 'to a user after unblocking', valid: true, status: 201, request: post(`/2/dm_conversations/with/${GRACE}/messages`, { text: 'hi again' }) },
    { operationId: 'blockUsersDms', name: 'bad id', valid: false, status: 400, prismSeesIt: true, request: post('/2/users/abc/dm/block') },
    { operationId: 'initializeMediaUpload', name: 'dm_image', valid: true, status: 200, request: (c) => post('/2/media/upload/initialize', { media_type: 'image/png', total_bytes: c.png.length, media_category: 'dm_image' })(), after: (c, b) => (c.state.upload = dataOf(b).id ?? '') },
    { operationId: 'initializeMediaUpload', name: 'unknown category', valid: false, status: 400, prismSeesIt: true, request: post('/2/media/upload/initialize', { media_type: 'image/png', total_bytes: 10, media_category: 'dm_pdf' }) },
    { operationId: 'appendMediaUpload', name: 'JSON base64 segment', valid: true, status: 200, request: (c) => post(`/2/media/upload/${c.state.upload ?? ''}/append`, { media: c.png.toString('base64'), segment_index: 0 })() },
    { operationId: 'appendMediaUpload', name: 'missing segment_index', valid: false, status: 400, prismSeesIt: true, request: (c) => post(`/2/media/upload/${c.state.upload ?? ''}/append`, { media: 'AAAA' })() },
    { operationId: 'finalizeMediaUpload', name: 'finalize', valid: true, status: 200, request: (c) => post(`/2/media/upload/${c.state.upload ?? ''}/finalize`)() },
    { operationId: 'finalizeMediaUpload', name: 'unknown id', valid: false, status: 404, request: post('/2/media/upload/1/finalize') },
    { operationId: 'getMediaUploadStatus', name: 'status', valid: true, status: 200, request: (c) => get(`/2/media/upload?media_id=${c.state.upload ?? ''}&command=STATUS`)() },
    { operationId: 'getMediaUploadStatus', name: 'bad command', valid: false, status: 400, prismSeesIt: true, request: (c) => get(`/2/media/upload?media_id=${c.state.upload ?? ''}&command=INIT`)() },
    { operationId: 'createDirectMessagesByParticipantId', name: 'with the uploaded image', valid: true, status: 201, request: (c) => post(`/2/dm_conversations/with/${ADA}/messages`, { text: 'pic', attachments: [{ media_id: c.state.upload ?? '' }] })() },
    { operationId: 'mediaUpload', name: 'one-shot JSON', valid: true, status: 200, request: (c) => post('/2/media/upload', { media: c.png.toString('base64'), media_category: 'dm_image', ...(version === '2.166' ? { media_type: 'image/png' } : {}) })() },
    { operationId: 'mediaUpload', name: 'without media_category', valid: false, status: 400, prismSeesIt: true, request: (c) => post('/2/media/upload', { media: c.png.toString('base64') })() },
  ];
}

export function contractCases(version: ApiVersion = '2.166'): ContractCase[] {
  return [...dmCases(version), ...userAndMediaCases(version)];
}
