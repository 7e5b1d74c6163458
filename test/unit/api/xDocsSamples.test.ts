import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { InvalidRequestError } from '../../../src/api/errors';
import { parseRateLimitHeaders } from '../../../src/api/rateLimits';
import { createXClient } from '../../../src/api/xClient';
import { InstantClock, TestAuth, json, scriptedFetch, type Responder } from './fakeHttp';

/** The samples X publishes in its DM documentation (test/fixtures/x-docs, sources in its README) parse as expected. */
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/x-docs/${name}`, import.meta.url), 'utf8'));

function client(responders: Responder[]) {
  const { fetch, requests } = scriptedFetch(responders);
  return { api: createXClient({ baseUrl: 'https://api.x.com', auth: new TestAuth(), fetch, clock: new InstantClock() }), requests };
}

test('data dictionary sample: 1:1 conversation events with users and referenced post', async () => {
  const sample = fixture('dm-events-object-model.json');
  const { api, requests } = client([() => json(sample.response)]);
  const page = await api.listEventsWithParticipant('906948460078698496');
  assert.equal(requests[0].url.pathname, '/2/dm_conversations/with/906948460078698496/dm_events');
  assert.equal(page.events.length, 3);
  assert.deepEqual(page.events[1], {
    id: '1581048670673260549',
    sender_id: '944480690',
    text: 'Simple Tweet link: https://t.co/IYFbRIdXHg',
    referenced_tweets: [{ id: '1578900353814519810' }],
    created_at: '2022-10-14T22:25:52.000Z',
    event_type: 'MessageCreate',
    dm_conversation_id: '944480690-906948460078698496',
  });
  assert.deepEqual(page.includes.users, [
    { id: '944480690', name: 'API Demos', username: 'FloodSocial' },
    { id: '906948460078698496', name: 'the SnowBot', username: 'SnowBotDev' },
  ]);
  assert.deepEqual(page.includes.tweets, [
    { id: '1578900353814519810', text: sample.response.includes.tweets[0].text, author_id: '944480690', created_at: '2022-10-09T00:09:13.000Z' },
  ]);
  assert.equal(page.resultCount, 3);
  assert.equal(page.nextToken, '18LAA581J5II7LA00C00ZZZZ');
  assert.equal(page.previousToken, '1BLC45G1H8CAL5DG0G00ZZZZ');
  assert.deepEqual(page.partialErrors, []);
});

test('integration guide sample events of all three types', async () => {
  const { events } = fixture('lookup-integrate-event-types.json');
  const { api } = client([() => json({ data: [events.MessageCreate, events.ParticipantsJoin, events.ParticipantsLeave] })]);
  const page = await api.listConversationEvents('1578398451921985538');
  assert.deepEqual(page.events.map((e) => e.event_type), ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave']);
  assert.deepEqual(page.events[1].participant_ids, ['944480690']);
  assert.equal(page.events[1].sender_id, '17200003');
  assert.equal(page.events[2].sender_id, undefined);
  assert.equal(page.resultCount, 3); // no meta in the sample: counted from data
  assert.equal(page.nextToken, undefined);
});

test('quickstart responses, including a user sample without name', async () => {
  const sample = fixture('lookup-quickstart-responses.json');
  const { api } = client([() => json(sample.response), () => json(sample.responseWithExpansion)]);
  const first = await api.listDmEvents();
  assert.equal(first.events[0].text, 'Hello! How are you?');
  assert.equal(first.nextToken, 'abc123');
  const second = await api.listDmEvents();
  assert.deepEqual(second.includes.users, [{ id: '9876543210', name: 'example_user', username: 'example_user', profile_image_url: 'https://...' }]);
});

test('manage quickstart: the group request the client builds equals the documented one; responses parse', async () => {
  const sample = fixture('manage-quickstart-group.json');
  const { api, requests } = client([() => json(sample.createGroup.response, 201), () => json(sample.addMessage.response, 201)]);
  const created = await api.createGroupConversation(sample.createGroup.request.participant_ids, sample.createGroup.request.message);
  assert.deepEqual(JSON.parse(requests[0].bodyText), sample.createGroup.request);
  assert.deepEqual(created, { dm_conversation_id: '1582103724607971328', dm_event_id: '1582103724607971332' });
  const added = await api.sendToConversation(created.dm_conversation_id, { text: sample.addMessage.request.text });
  assert.equal(requests[1].url.pathname, sample.addMessage.path);
  assert.deepEqual(JSON.parse(requests[1].bodyText), sample.addMessage.request);
  assert.equal(added.dm_event_id, '1582106224379559940');
});

test('integration guide request bodies are exactly what the client sends', async () => {
  const sample = fixture('manage-integrate-requests.json');
  const ok = () => json({ data: { dm_conversation_id: '1582103724607971328', dm_event_id: '1' } }, 201);
  const { api, requests } = client([ok, ok, ok, ok]);
  await api.sendToParticipant('9876543210', { text: 'Hello!' });
  await api.createGroupConversation(['944480690', '906948460078698496'], { text: 'Welcome to our group!' });
  await api.sendToConversation('1582103724607971328', { text: 'Another message' });
  await api.sendToConversation('1582103724607971328', { text: 'Check out this image!', mediaId: '1583157113245011970' });
  const bodies = requests.map((r) => JSON.parse(r.bodyText));
  assert.equal(requests[0].url.pathname, sample.oneToOne.path);
  assert.deepEqual(bodies[0], sample.oneToOne.request);
  assert.equal(requests[1].url.pathname, sample.group.path);
  assert.deepEqual(bodies[1], sample.group.request);
  assert.equal(requests[2].url.pathname, sample.addToConversation.path);
  assert.deepEqual(bodies[2], sample.addToConversation.request);
  assert.deepEqual(bodies[3], sample.withAttachment.request);
});

test('error format, partial errors and rate-limit headers from the response-codes page', async () => {
  const sample = fixture('errors-partial.json');
  const { api } = client([
    () => new Response(JSON.stringify(sample.errorFormat), { status: 400, headers: { 'content-type': 'application/problem+json' } }),
    () => json({ data: [{ id: '1', event_type: 'MessageCreate', text: 'Hello', referenced_tweets: [{ id: '456' }] }], errors: sample.partialErrors.errors }),
  ]);
  await assert.rejects(api.listDmEvents(), (e: unknown) => e instanceof InvalidRequestError && e.detail === "The 'query' parameter is required.");
  const page = await api.listDmEvents();
  assert.deepEqual(page.partialErrors, [
    { title: 'Not Found Error', detail: 'Could not find tweet with id: [456].', type: 'https://api.x.com/2/problems/resource-not-found', resource_id: '456', resource_type: 'tweet' },
  ]);
  assert.deepEqual(parseRateLimitHeaders('GET /2/dm_events', new Headers(sample.rateLimitHeaders)), {
    endpoint: 'GET /2/dm_events',
    limit: 900,
    remaining: 847,
    resetAt: 1705420800_000,
  });
});
