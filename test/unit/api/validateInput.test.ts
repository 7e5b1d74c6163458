import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../../src/api/errors';
import { createXClient } from '../../../src/api/xClient';
import { InstantClock, TestAuth, json, scriptedFetch } from './fakeHttp';

function client() {
  const { fetch, requests } = scriptedFetch(() => json({ data: { dm_conversation_id: '10-20', dm_event_id: '1' } }, 201));
  return { api: createXClient({ baseUrl: 'https://api.example.test', auth: new TestAuth(), fetch, clock: new InstantClock() }), requests };
}

async function rejectsInput(promise: Promise<unknown>, field: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => e instanceof InvalidInputError && e.field === field && !e.mayHaveReachedServer);
}

test('invalid writes never reach the network', async () => {
  const { api, requests } = client();
  await rejectsInput(api.sendToParticipant('20', { text: '' }), 'text');
  await rejectsInput(api.sendToParticipant('20', { text: '  \n\t ' }), 'text');
  await rejectsInput(api.sendToParticipant('20', {}), 'text');
  await rejectsInput(api.sendToParticipant('20', { text: 'x'.repeat(10_001) }), 'text');
  await rejectsInput(api.sendToParticipant('abc', { text: 'hi' }), 'participantId');
  await rejectsInput(api.sendToParticipant('12345678901234567890', { text: 'hi' }), 'participantId');
  await rejectsInput(api.sendToConversation('1-2-3', { text: 'hi' }), 'conversationId');
  await rejectsInput(api.sendToConversation('12345', { text: 'hi' }), 'conversationId'); // group ids are 15–19 digits
  await rejectsInput(api.sendToConversation('10-20', { text: 'hi', mediaId: 'media' }), 'mediaId');
  await rejectsInput(api.sendToConversation('10-20', { text: 'hi', mediaIds: ['1', '2'] } as never), 'mediaId');
  await rejectsInput(api.createGroupConversation(['1'], { text: 'hi' }), 'participantIds');
  await rejectsInput(api.createGroupConversation(Array.from({ length: 50 }, (_, i) => String(i + 1)), { text: 'hi' }), 'participantIds');
  await rejectsInput(api.createGroupConversation(['1', '1'], { text: 'hi' }), 'participantIds');
  await rejectsInput(api.deleteDmEvent('1/../2'), 'eventId');
  await rejectsInput(api.getDmEvent(''), 'eventId');
  await rejectsInput(api.listDmEvents({ maxResults: 0 }), 'maxResults');
  await rejectsInput(api.listDmEvents({ maxResults: 101 }), 'maxResults');
  await rejectsInput(api.getUsersByIds(['1', 'x']), 'ids');
  await rejectsInput(api.getUsersByUsernames(['has space']), 'usernames');
  await rejectsInput(api.downloadDmMedia('1', '2', '../etc/passwd'), 'resourceId');
  await rejectsInput(api.uploadDmMedia(new Uint8Array([1]), 'application/pdf', 'dm_image'), 'contentType');
  await rejectsInput(api.uploadDmMedia(new Uint8Array(), 'image/png', 'dm_image'), 'bytes');
  assert.equal(requests.length, 0);
});

test('text: exactly 10,000 code points is fine (emoji count once), NFC-normalised, whitespace kept', async () => {
  const { api, requests } = client();
  await api.sendToParticipant('20', { text: '😀'.repeat(10_000) });
  await api.sendToParticipant('20', { text: 'e\u0301'.repeat(10_000) }); // 20,000 UTF-16 units, 10,000 after NFC
  await api.sendToParticipant('20', { text: '  indented code\n' });
  assert.equal(requests.length, 3);
  assert.equal(JSON.parse(requests[1].bodyText).text, 'é'.repeat(10_000));
  assert.equal(JSON.parse(requests[2].bodyText).text, '  indented code\n');
});

test('group create body and media-only message', async () => {
  const { api, requests } = client();
  await api.createGroupConversation(['1', '2'], { text: 'hello', mediaId: '555' });
  assert.deepEqual(JSON.parse(requests[0].bodyText), {
    conversation_type: 'Group',
    participant_ids: ['1', '2'],
    message: { text: 'hello', attachments: [{ media_id: '555' }] },
  });
  await api.sendToConversation('123456789012345', { mediaId: '555' });
  assert.deepEqual(JSON.parse(requests[1].bodyText), { attachments: [{ media_id: '555' }] });
});
