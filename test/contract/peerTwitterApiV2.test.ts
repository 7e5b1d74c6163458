import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import type { TwitterApiv2 } from 'twitter-api-v2';
import { OAUTH1, ME_ID } from '../emulator/auth/credentials';
import { makePng } from '../emulator/generator/png';
import type { PeerDeviation, PeerWorld } from './peerHarness';
import { xApiAgent } from '../harness/xApiRouting';
import { CLIENT_ID, REDIRECT_URI, admin, approveInBrowser, peerSummary, prismViolations, startPeerWorld, unseenDeviations } from './peerHarness';

/**
 * Peer contract: twitter-api-v2 (unmodified) against the emulator through Prism with X's 2.166 document (the
 * names this library sends: `tweet.fields`, `referenced_tweets.id`). OAuth 2.0 PKCE with the library's own
 * helpers, OAuth 1.0a, the 8 DM operations with fields, expansions and pagination, media upload + send, and the
 * error paths (403 refused DM, 429 with rate-limit headers, 5xx). 0 Prism violations.
 *
 * Library-side override, the only one: the client setting `httpAgent` (an HTTPS agent whose connections end at
 * the test's front door). twitter-api-v2 has no base URL setting: it calls fixed https://api.x.com URLs.
 * The authorize URL (https://x.com/i/oauth2/authorize?…) is opened by the test on the emulator, as a browser would.
 * The library has no method for get-by-id and delete of DM events; they use its generic `v2.get` / `v2.delete`.
 *
 * The library's own request deviation from the document (X accepts it; pinned so a change is noticed):
 * - `POST /2/media/upload/{id}/finalize` carries the body `{}`, where the operation defines no request body.
 */

const DEVIATIONS: PeerDeviation[] = [
  { method: 'POST', path: /^\/2\/media\/upload\/[0-9]+\/finalize$/, message: 'No supported content types, but request included a non-empty body' },
];
const ADA = '783214';
const GRACE = '1230000000000000007';
const REFUSES_DMS = '555000111';
const SCOPES = ['dm.read', 'dm.write', 'tweet.read', 'users.read', 'offline.access', 'media.write'];
const READ_QUERY = {
  'dm_event.fields': 'attachments,created_at,dm_conversation_id,entities,event_type,id,participant_ids,referenced_tweets,sender_id,text',
  expansions: 'attachments.media_keys,participant_ids,referenced_tweets.id,sender_id',
  'user.fields': 'username,name,profile_image_url,receives_your_dm',
  'media.fields': 'url,width,height,type,media_key',
  'tweet.fields': 'author_id,created_at,text',
};

let world: PeerWorld;
let settings: { httpAgent: ReturnType<typeof xApiAgent> };
let user: TwitterApiv2;

before(async () => {
  world = await startPeerWorld('2.166');
  settings = { httpAgent: xApiAgent(world.port) };
  // Replaced by the OAuth 2.0 test's own token; issued here so a broken sign-in does not hide the DM results.
  user = new TwitterApi((await admin(world, 'tokens', {}) as { access_token: string }).access_token, settings).v2;
});

after(async () => {
  await world?.close();
});

async function signIn(): Promise<{ client: TwitterApi; accessToken: string; refreshToken?: string }> {
  const app = new TwitterApi({ clientId: CLIENT_ID }, settings);
  const link = app.generateOAuth2AuthLink(REDIRECT_URI, { scope: SCOPES });
  const back = await approveInBrowser(world, link.url);
  assert.equal(back.searchParams.get('state'), link.state);
  return app.loginWithOAuth2({ code: back.searchParams.get('code') ?? '', codeVerifier: link.codeVerifier, redirectUri: REDIRECT_URI });
}

function data(answer: unknown): { dm_conversation_id: string; dm_event_id: string } {
  return (answer as { data: { dm_conversation_id: string; dm_event_id: string } }).data;
}

async function refusal(call: () => Promise<unknown>): Promise<ApiResponseError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ApiResponseError) return error;
    throw error;
  }
  assert.fail('the call should have been refused');
}

test('OAuth 2.0 PKCE with the library helpers (s256, JSON token bodies): sign in, refresh, revoke', async () => {
  const link = new TwitterApi({ clientId: CLIENT_ID }, settings).generateOAuth2AuthLink(REDIRECT_URI, { scope: SCOPES });
  assert.equal(new URL(link.url).searchParams.get('code_challenge_method'), 's256');
  const first = await signIn();
  assert.equal((await first.client.v2.me()).data.id, ME_ID);
  assert.ok(first.refreshToken);
  const app = new TwitterApi({ clientId: CLIENT_ID }, settings);
  const refreshed = await app.refreshOAuth2Token(first.refreshToken);
  assert.notEqual(refreshed.accessToken, first.accessToken);
  const spent = await refusal(() => app.refreshOAuth2Token(first.refreshToken ?? ''));
  assert.equal(spent.code, 400);
  user = refreshed.client.v2;
  const tokenCalls = world.log.filter((e) => e.path === '/2/oauth2/token');
  assert.deepEqual(new Set(tokenCalls.map((e) => e.contentType)), new Set(['application/json']), 'the library sends JSON to the token endpoint');
  const other = await signIn();
  await app.revokeOAuth2Token(other.accessToken, 'access_token');
  assert.equal(world.log.find((e) => e.path === '/2/oauth2/revoke')?.contentType, 'application/json');
  assert.equal((await refusal(() => other.client.v2.me())).code, 401);
});

test('OAuth 1.0a user context', async () => {
  const client = new TwitterApi(
    { appKey: OAUTH1.consumerKey, appSecret: OAUTH1.consumerSecret, accessToken: OAUTH1.accessToken, accessSecret: OAUTH1.accessTokenSecret },
    settings,
  );
  assert.equal((await client.v2.me()).data.id, ME_ID);
  const page = await client.v2.listDmEvents({ max_results: 3 });
  assert.equal(page.events.length, 3);
  const sent = data(await client.v2.sendDmToParticipant(ADA, { text: 'signed with OAuth 1.0a' }));
  assert.match(sent.dm_event_id, /^[0-9]+$/);
});

test('DM reads: list with fields, expansions and pagination; 1:1 and group conversations; get by id', async () => {
  const all = await user.listDmEvents({ ...READ_QUERY, max_results: 4 });
  await all.fetchNext();
  await all.fetchNext();
  const ids = all.events.map((e) => e.id);
  assert.ok(ids.length > 4, 'pagination fetched more pages');
  assert.equal(new Set(ids).size, ids.length, 'no event twice');
  assert.ok(all.events.every((e) => typeof e.created_at === 'string'));
  assert.ok(all.includes.users.length > 0);

  const ada = await user.listDmEventsWithParticipant(ADA, { ...READ_QUERY, max_results: 100 });
  assert.ok(ada.events.some((e) => e.referenced_tweets?.length));
  assert.ok(ada.includes.tweets.length > 0, 'includes.tweets from referenced_tweets.id');
  assert.ok(ada.includes.media.length > 0, 'includes.media from attachments.media_keys');
  assert.ok(ada.events.some((e) => (e as { urls?: unknown[] }).urls?.length), '2.166 puts url entities on the event');

  const group = [...world.emu.ctx.store.conversations.values()].find((c) => c.kind === 'Group');
  assert.ok(group);
  const crew = await user.listDmEventsOfConversation(group.id, { ...READ_QUERY, event_types: 'MessageCreate,ParticipantsJoin,ParticipantsLeave' });
  assert.ok(crew.events.some((e) => e.event_type === 'ParticipantsJoin'));

  const one = await user.get(`dm_events/${ids[0] ?? ''}`, READ_QUERY);
  assert.equal((one as { data: { id: string } }).data.id, ids[0]);
});

test('DM writes: send 1:1, send to a conversation, create a group, delete your own', async () => {
  // The library types these answers as the bare `data` object, but returns the whole body (`{ data }`).
  const sent = data(await user.sendDmToParticipant(ADA, { text: 'from twitter-api-v2 👋' }));
  assert.match(sent.dm_event_id, /^[0-9]+$/);
  const again = data(await user.sendDmInConversation(sent.dm_conversation_id, { text: 'again, by conversation id' }));
  assert.equal(again.dm_conversation_id, sent.dm_conversation_id);
  const crew = data(await user.createDmConversation({ conversation_type: 'Group', participant_ids: [ADA, GRACE], message: { text: 'a new group' } }));
  assert.notEqual(crew.dm_conversation_id, sent.dm_conversation_id);
  const deleted = await user.delete(`dm_events/${sent.dm_event_id}`);
  assert.deepEqual(deleted, { data: { deleted: true } });
});

test('media upload (initialize, append, finalize) and a DM with the image', async () => {
  const png = makePng(24, 24, [200, 40, 40], [40, 40, 200]);
  const mediaId = await user.uploadMedia(png, { media_type: 'image/png', media_category: 'dm_image' });
  const sent = data(await user.sendDmToParticipant(ADA, { text: 'a picture', attachments: [{ media_id: mediaId }] }));
  const back = (await user.get(`dm_events/${sent.dm_event_id}`, READ_QUERY)) as { includes?: { media?: { url?: string }[] } };
  assert.ok(back.includes?.media?.[0]?.url, 'the attachment comes back with its download URL');
});

test('errors: 403 refused DM, 429 with rate-limit headers, 5xx', async () => {
  const refused = await refusal(() => user.sendDmToParticipant(REFUSES_DMS, { text: 'hi' }));
  assert.equal(refused.code, 403);
  assert.match(String(refused.data.detail), /does not accept Direct Messages/);

  await admin(world, 'rate-limits', { dmRead: 1 });
  await user.listDmEvents({ max_results: 1 });
  const limited = await refusal(() => user.listDmEvents({ max_results: 1 }));
  assert.equal(limited.code, 429);
  assert.ok(limited.rateLimitError);
  assert.equal(limited.rateLimit?.limit, 1);
  assert.equal(limited.rateLimit?.remaining, 0);
  assert.ok((limited.rateLimit?.reset ?? 0) > Date.now() / 1000);
  await admin(world, 'rate-limits', { dmRead: 15 });

  await admin(world, 'faults', { path: '/2/dm_events', count: 1, status: 503 });
  assert.equal((await refusal(() => user.listDmEvents({ max_results: 1 }))).code, 503);
});

test('0 Prism violations (2.166) over every proxied exchange; the emulator self-check agrees', () => {
  const proxied = world.log.filter((e) => e.viaPrism);
  process.stdout.write(`${peerSummary('twitter-api-v2', '2.166', world, DEVIATIONS)}\n`);
  assert.deepEqual(prismViolations(world, DEVIATIONS), []);
  assert.deepEqual(unseenDeviations(world, DEVIATIONS), []);
  assert.ok(proxied.length >= 20);
  assert.deepEqual((world.emu.stats() as { response_violations: unknown[] }).response_violations, []);
});
