import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiError, Client, OAuth1, OAuth2, generateCodeVerifier } from '@xdevplatform/xdk';
import { OAUTH1, ME_ID } from '../emulator/auth/credentials';
import { makePng } from '../emulator/generator/png';
import type { PeerWorld } from './peerHarness';
import { withXApiOrigin } from '../harness/xApiRouting';
import { CLIENT_ID, REDIRECT_URI, admin, approveInBrowser, peerSummary, prismViolations, startPeerWorld } from './peerHarness';

/**
 * Peer contract: @xdevplatform/xdk (X's official TypeScript SDK, generated from the 2.167 document, unmodified)
 * against the emulator through Prism with X's 2.167 document (`post.fields`, `referenced_posts`, `entities`).
 * OAuth 2.0 PKCE with the SDK's OAuth2 helper, OAuth 1.0a, the 8 DM operations with fields, expansions and
 * pagination, media upload + send, and the error paths (403 refused DM, 429 with rate-limit headers, 5xx).
 *
 * Library-side overrides:
 * - `Client({ baseUrl })` (the SDK's own setting) for every API call;
 * - the OAuth2 helper has neither a base URL nor a transport option: it calls global `fetch` with the fixed URL
 *   https://api.x.com/2/oauth2/token. Around those calls only, `withXApiOrigin` swaps global fetch for one that
 *   sends that origin to the test's front door (the narrowest override there is; nothing else is rewritten).
 * The authorize URL (https://x.com/i/oauth2/authorize?…) is opened by the test on the emulator, as a browser would.
 * The SDK has no token revoke: not exercised here (twitter-api-v2's suite revokes).
 */

const ADA = '783214';
const GRACE = '1230000000000000007';
const REFUSES_DMS = '555000111';
const SCOPES = ['dm.read', 'dm.write', 'tweet.read', 'users.read', 'offline.access', 'media.write'];
const READ = {
  dmEventFields: ['attachments', 'created_at', 'dm_conversation_id', 'entities', 'event_type', 'id', 'text'],
  expansions: ['attachments.media_keys', 'participant_ids', 'referenced_posts', 'sender_id'],
  userFields: ['username', 'name', 'profile_image_url', 'receives_your_dm'],
  mediaFields: ['url', 'width', 'height', 'type', 'media_key'],
  postFields: ['created_at', 'text'],
} as const satisfies Record<string, readonly string[]>;
const read = (): Record<keyof typeof READ, never> => Object.fromEntries(Object.entries(READ).map(([k, v]) => [k, [...v]])) as never;

interface Event {
  id: string;
  eventType: string;
  entities?: { urls?: unknown[] };
  referencedPosts?: { id: string }[];
}
interface Page {
  data?: Event[];
  includes?: { users?: unknown[]; posts?: unknown[]; media?: { url?: string }[] };
  meta?: { nextToken?: string; resultCount?: number };
}
interface Sent {
  data?: { dmConversationId: string; dmEventId: string };
}

let world: PeerWorld;
let user: Client;

before(async () => {
  world = await startPeerWorld('2.167');
  // Replaced by the OAuth 2.0 test's own token; issued here so a broken sign-in does not hide the DM results.
  user = new Client({ baseUrl: world.url, accessToken: ((await admin(world, 'tokens', {})) as { access_token: string }).access_token });
});

after(async () => {
  await world?.close();
});

async function refusal(call: () => Promise<unknown>): Promise<ApiError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  assert.fail('the call should have been refused');
}

test('OAuth 2.0 PKCE with the SDK OAuth2 helper: sign in, refresh', async () => {
  const oauth2 = new OAuth2({ clientId: CLIENT_ID, redirectUri: REDIRECT_URI, scope: SCOPES });
  await oauth2.setPkceParameters(generateCodeVerifier());
  const back = await approveInBrowser(world, await oauth2.getAuthorizationUrl('xdk-state'));
  assert.equal(back.searchParams.get('state'), 'xdk-state');
  const token = await withXApiOrigin(world.url, () => oauth2.exchangeCode(back.searchParams.get('code') ?? '', oauth2.getCodeVerifier()));
  const me = (await new Client({ baseUrl: world.url, accessToken: token.access_token }).users.getMe()) as { data?: { id: string } };
  assert.equal(me.data?.id, ME_ID);
  const refreshed = await withXApiOrigin(world.url, () => oauth2.refreshToken());
  assert.notEqual(refreshed.access_token, token.access_token);
  await assert.rejects(withXApiOrigin(world.url, () => oauth2.refreshToken(token.refresh_token)), /400/);
  user = new Client({ baseUrl: world.url, accessToken: refreshed.access_token });
});

test('OAuth 1.0a user context', async () => {
  const oauth1 = new OAuth1({
    apiKey: OAUTH1.consumerKey,
    apiSecret: OAUTH1.consumerSecret,
    callback: 'oob',
    accessToken: OAUTH1.accessToken,
    accessTokenSecret: OAUTH1.accessTokenSecret,
  });
  const client = new Client({ baseUrl: world.url, oauth1 });
  assert.equal(((await client.users.getMe()) as { data?: { id: string } }).data?.id, ME_ID);
  const page = (await client.directMessages.getEvents({ maxResults: 3 })) as Page;
  assert.equal(page.data?.length, 3);
  const sent = ((await client.directMessages.createByParticipantId(ADA, { text: 'signed with OAuth 1.0a' })) as Sent).data;
  assert.match(sent?.dmEventId ?? '', /^[0-9]+$/);
});

test('DM reads: list with fields, expansions and pagination; 1:1 and group conversations; get by id', async () => {
  const ids: string[] = [];
  let paginationToken: string | undefined;
  for (let pages = 0; pages < 3; pages++) {
    const page = (await user.directMessages.getEvents({ ...read(), maxResults: 4, paginationToken })) as Page;
    ids.push(...(page.data ?? []).map((e) => e.id));
    assert.ok(page.includes?.users?.length);
    paginationToken = page.meta?.nextToken;
    assert.ok(paginationToken, 'a next page');
  }
  assert.equal(ids.length, 12);
  assert.equal(new Set(ids).size, 12, 'no event twice');

  const ada = (await user.directMessages.getEventsByParticipantId(ADA, { ...read(), maxResults: 100 })) as Page;
  assert.ok(ada.data?.some((e) => e.referencedPosts?.length), '2.167 referenced_posts');
  assert.ok(ada.includes?.posts?.length, 'includes.posts');
  assert.ok(ada.includes?.media?.length, 'includes.media');
  assert.ok(ada.data?.some((e) => e.entities?.urls?.length), '2.167 nests url entities under entities');

  const group = [...world.emu.ctx.store.conversations.values()].find((c) => c.kind === 'Group');
  assert.ok(group);
  const crew = (await user.directMessages.getEventsByConversationId(group.id, {
    ...read(),
    eventTypes: ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave'],
  })) as Page;
  assert.ok(crew.data?.some((e) => e.eventType === 'ParticipantsJoin'));

  const one = (await user.directMessages.getEventsById(ids[0] ?? '', read())) as { data?: Event };
  assert.equal(one.data?.id, ids[0]);
});

test('DM writes: send 1:1, send to a conversation, create a group, delete your own', async () => {
  const sent = ((await user.directMessages.createByParticipantId(ADA, { text: 'from xdk 👋' })) as Sent).data;
  assert.match(sent?.dmEventId ?? '', /^[0-9]+$/);
  const again = ((await user.directMessages.createByConversationId(sent?.dmConversationId ?? '', { text: 'again' })) as Sent).data;
  assert.equal(again?.dmConversationId, sent?.dmConversationId);
  const crew = ((await user.directMessages.createConversation({
    conversationType: 'Group',
    participantIds: [ADA, GRACE],
    message: { text: 'a new group' },
  } as never)) as Sent).data;
  assert.notEqual(crew?.dmConversationId, sent?.dmConversationId);
  const deleted = (await user.directMessages.deleteEvents(sent?.dmEventId ?? '')) as { data?: { deleted: boolean } };
  assert.equal(deleted.data?.deleted, true);
});

test('media upload (initialize, append, finalize) and a DM with the image', async () => {
  const png = makePng(24, 24, [200, 40, 40], [40, 40, 200]);
  const init = (await user.media.initializeUpload({ mediaType: 'image/png', totalBytes: png.length, mediaCategory: 'dm_image' } as never)) as { data?: { id: string } };
  const id = init.data?.id ?? '';
  await user.media.appendUpload(id, { media: png.toString('base64'), segmentIndex: 0 } as never);
  const done = (await user.media.finalizeUpload(id)) as { data?: { processingInfo?: { state: string } } };
  assert.equal(done.data?.processingInfo?.state, 'succeeded');
  const sent = ((await user.directMessages.createByParticipantId(ADA, { text: 'a picture', attachments: [{ mediaId: id }] } as never)) as Sent).data;
  const back = (await user.directMessages.getEventsById(sent?.dmEventId ?? '', read())) as Page;
  assert.ok(back.includes?.media?.[0]?.url, 'the attachment comes back with its download URL');
});

test('errors: 403 refused DM, 429 with rate-limit headers, 5xx', async () => {
  const refused = await refusal(() => user.directMessages.createByParticipantId(REFUSES_DMS, { text: 'hi' }));
  assert.equal(refused.status, 403);
  assert.match(JSON.stringify(refused.data), /does not accept Direct Messages/);

  await admin(world, 'rate-limits', { dmRead: 1 });
  await user.directMessages.getEvents({ maxResults: 1 });
  const limited = await refusal(() => user.directMessages.getEvents({ maxResults: 1 }));
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('x-rate-limit-limit'), '1');
  assert.equal(limited.headers.get('x-rate-limit-remaining'), '0');
  assert.ok(Number(limited.headers.get('x-rate-limit-reset')) > Date.now() / 1000);
  await admin(world, 'rate-limits', { dmRead: 15 });

  await admin(world, 'faults', { path: '/2/dm_events', count: 1, status: 503 });
  assert.equal((await refusal(() => user.directMessages.getEvents({ maxResults: 1 }))).status, 503);
});

test('0 Prism violations (2.167) over every proxied exchange; the emulator self-check agrees', () => {
  const proxied = world.log.filter((e) => e.viaPrism);
  process.stdout.write(`${peerSummary('@xdevplatform/xdk', '2.167', world)}\n`);
  assert.deepEqual(prismViolations(world), []);
  assert.ok(proxied.length >= 20);
  assert.deepEqual((world.emu.stats() as { response_violations: unknown[] }).response_violations, []);
});
