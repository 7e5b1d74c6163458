import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createXClient } from '../../../src/api/xClient';
import { InstantClock, TestAuth, json, scriptedFetch, type Responder } from './fakeHttp';

function client(responders: Responder[] | Responder) {
  const { fetch, requests } = scriptedFetch(responders);
  const auth = new TestAuth();
  const clock = new InstantClock();
  const api = createXClient({ baseUrl: 'https://api.example.test', auth, fetch, clock, random: () => 0.5, userAgent: 'x-direct-messages/0.1.0 (VS Code extension)' });
  return { api, requests, auth, clock };
}

test('listDmEvents asks for the one field/expansion set and maps the page', async () => {
  const { api, requests } = client([
    () =>
      json({
        data: [
          { id: '1', event_type: 'MessageCreate', text: 'hi', sender_id: '10', dm_conversation_id: '10-20', created_at: '2026-11-20T10:00:00.000Z', extra: 1 },
          { id: '2', event_type: 'FutureEvent' },
        ],
        includes: { users: [{ id: '10', name: 'A', username: 'a', receives_your_dm: true }] },
        meta: { result_count: 2, next_token: 'NEXTTOKEN0123456789' },
      }),
  ]);
  const page = await api.listDmEvents({ maxResults: 50 });
  assert.equal(requests.length, 1);
  const url = requests[0].url;
  assert.equal(url.pathname, '/2/dm_events');
  assert.equal(url.searchParams.get('max_results'), '50');
  assert.equal(url.searchParams.get('expansions'), 'sender_id,participant_ids,attachments.media_keys,referenced_tweets.id');
  assert.match(url.searchParams.get('dm_event.fields') ?? '', /sender_id.*dm_conversation_id.*created_at.*participant_ids.*attachments.*referenced_tweets/);
  assert.equal(requests[0].headers.get('authorization'), 'Bearer token-1');
  assert.equal(requests[0].headers.get('user-agent'), 'x-direct-messages/0.1.0 (VS Code extension)');
  assert.deepEqual(page.events, [
    { id: '1', event_type: 'MessageCreate', text: 'hi', sender_id: '10', dm_conversation_id: '10-20', created_at: '2026-11-20T10:00:00.000Z' },
  ]);
  assert.equal(page.nextToken, 'NEXTTOKEN0123456789');
  assert.deepEqual(page.includes.users, [{ id: '10', name: 'A', username: 'a', receives_your_dm: true }]);
  assert.deepEqual(page.partialErrors, []);
});

test('send and getMe return typed results', async () => {
  const { api, requests } = client([
    () => json({ data: { dm_conversation_id: '10-20', dm_event_id: '99' } }, 201),
    () => json({ data: { id: '10', name: 'Me', username: 'me' } }),
  ]);
  assert.deepEqual(await api.sendToParticipant('20', { text: 'hello' }), { dm_conversation_id: '10-20', dm_event_id: '99' });
  assert.equal(requests[0].method, 'POST');
  assert.deepEqual(JSON.parse(requests[0].bodyText), { text: 'hello' });
  // X refuses a JSON body without its content type; the headers a GET sends (accept, user agent) go on sends too.
  assert.equal(requests[0].headers.get('content-type'), 'application/json');
  assert.equal(requests[0].headers.get('accept'), 'application/json');
  assert.equal(requests[0].headers.get('user-agent'), 'x-direct-messages/0.1.0 (VS Code extension)');
  assert.deepEqual(await api.getMe(), { id: '10', name: 'Me', username: 'me' });
  assert.equal(requests[1].headers.get('content-type'), null, 'a GET has no body and no content type');
});

test('getDmEvent surfaces partial errors, and a 200 with only errors is NotFound', async () => {
  const notFound = { title: 'Not Found Error', detail: 'Could not find dm_event with id: [5].', type: 'https://api.twitter.com/2/problems/resource-not-found' };
  const { api, requests } = client([
    () => json({ data: { id: '5', event_type: 'MessageCreate', text: 'x', referenced_tweets: [{ id: '9' }] }, errors: [{ ...notFound, detail: 'Could not find tweet with referenced_tweets.id: [9].' }] }),
    () => json({ errors: [notFound] }),
  ]);
  const single = await api.getDmEvent('5');
  assert.equal(single.event.id, '5');
  assert.equal(single.partialErrors?.[0]?.detail, 'Could not find tweet with referenced_tweets.id: [9].');
  assert.match(requests[0].url.search, /dm_event\.fields=.*&expansions=/);
  await assert.rejects(api.getDmEvent('5'), (e: unknown) => e instanceof Error && 'kind' in e && e.kind === 'notFound');
});
