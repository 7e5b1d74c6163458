import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createXClient } from '../../../src/api/xClient';
import { InstantClock, TestAuth, json, raw, scriptedFetch, type Responder } from './fakeHttp';

// Any 2xx to a send means X took the message: a body that does not fit must not turn it into a failure (which
// would offer a Retry that sends a second copy).

function client(responder: Responder) {
  const { fetch, requests } = scriptedFetch([responder]);
  return { api: createXClient({ baseUrl: 'https://api.example.test', auth: new TestAuth(), fetch, clock: new InstantClock() }), requests };
}

test('a 201 with the documented body gives both ids', async () => {
  const { api } = client(() => json({ data: { dm_conversation_id: '1-2', dm_event_id: '99' } }, 201));
  assert.deepEqual(await api.sendToConversation('1-2', { text: 'hi' }), { dm_conversation_id: '1-2', dm_event_id: '99' });
});

test('a 201 whose body breaks the schema resolves with what can be read and says what was wrong', async () => {
  const { api } = client(() => json({ data: { dm_conversation_id: '1-2', dm_event_id: 99 } }, 201));
  const result = await api.sendToConversation('1-2', { text: 'hi' });
  assert.equal(result.dm_conversation_id, '1-2');
  assert.equal(result.dm_event_id, undefined);
  assert.match(result.unreadable ?? '', /dm_event_id/);
});

test('a 2xx that is not JSON at all (empty, HTML, truncated) still resolves as sent, and is sent once', async () => {
  for (const body of ['', '<html>ok</html>', '{"data":{"dm_conv']) {
    const { api, requests } = client(() => raw(body, 201, 'application/json'));
    const result = await api.sendToParticipant('2', { text: 'hi' });
    assert.deepEqual(Object.keys(result), ['unreadable'], body);
    assert.equal(requests.length, 1);
  }
  const accepted = client(() => raw('', 202, 'application/json'));
  assert.ok((await accepted.api.createGroupConversation(['2', '3'], { text: 'hi' })).unreadable);
});

test('a 4xx or 5xx to a send still rejects', async () => {
  await assert.rejects(client(() => json({ title: 'Forbidden', type: 'about:blank', status: 403 }, 403)).api.sendToParticipant('2', { text: 'x' }), {
    kind: 'forbidden',
  });
  await assert.rejects(client(() => json({ title: 'Oops', type: 'about:blank', status: 503 }, 503)).api.sendToParticipant('2', { text: 'x' }), {
    kind: 'server',
    mayHaveReachedServer: true,
  });
});

test('url entities: 2.166 `urls` and 2.167 `entities.urls` both arrive as `urls`; `entities` is asked for', async () => {
  const url = { start: 4, end: 27, url: 'https://t.co/abcdefghij', expanded_url: 'https://example.com/a', display_url: 'example.com/a', title: 'x' };
  const event = { id: '5', event_type: 'MessageCreate', text: 'see https://t.co/abcdefghij', dm_conversation_id: '1-2' };
  for (const shape of [{ urls: [url] }, { entities: { urls: [url] } }]) {
    const { api, requests } = client(() => json({ data: [{ ...event, ...shape }], meta: { result_count: 1 } }));
    const page = await api.listDmEvents();
    assert.deepEqual(page.events[0]?.urls, [{ start: 4, end: 27, url: 'https://t.co/abcdefghij', expanded_url: 'https://example.com/a', display_url: 'example.com/a' }]);
    assert.equal('entities' in (page.events[0] ?? {}), false);
    assert.match(requests[0]?.url.searchParams.get('dm_event.fields') ?? '', /(^|,)entities(,|$)/);
  }
});
