import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isXApiError } from '../../../src/api/errors';
import { createXClient } from '../../../src/api/xClient';
import { InstantClock, TestAuth, json, scriptedFetch, type Responder } from './fakeHttp';

const pageWith = (id: string, next?: string): Responder => () =>
  json({ data: [{ id, event_type: 'MessageCreate', text: id }], meta: { result_count: 1, ...(next ? { next_token: next } : {}) } });

function client(responders: Responder[]) {
  const { fetch, requests } = scriptedFetch(responders);
  return { api: createXClient({ baseUrl: 'https://api.example.test', auth: new TestAuth(), fetch, clock: new InstantClock() }), requests };
}

async function collect(iterable: AsyncIterable<{ events: { id: string }[] }>): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of iterable) ids.push(...page.events.map((e) => e.id));
  return ids;
}

test('stops when X sends no next_token, passing each token on', async () => {
  const { api, requests } = client([pageWith('1', 'TOKEN_A_0123456789'), pageWith('2', 'TOKEN_B_0123456789'), pageWith('3')]);
  assert.deepEqual(await collect(api.pagesOfDmEvents({ maxResults: 1 })), ['1', '2', '3']);
  assert.equal(requests.length, 3);
  assert.equal(requests[0].url.searchParams.get('pagination_token'), null);
  assert.equal(requests[1].url.searchParams.get('pagination_token'), 'TOKEN_A_0123456789');
  assert.equal(requests[2].url.searchParams.get('pagination_token'), 'TOKEN_B_0123456789');
  assert.equal(requests[2].url.searchParams.get('max_results'), '1');
});

test('stops at the page limit without asking for more', async () => {
  const { api, requests } = client([pageWith('1', 'TOKEN_A_0123456789'), pageWith('2', 'TOKEN_B_0123456789'), pageWith('3')]);
  assert.deepEqual(await collect(api.pagesOfDmEvents({ pageLimit: 2 })), ['1', '2']);
  assert.equal(requests.length, 2);
});

test('an empty list (no data key) is one empty page', async () => {
  const { api, requests } = client([() => json({ meta: { result_count: 0 } })]);
  const pages = [];
  for await (const page of api.pagesOfConversationEvents('10-20')) pages.push(page);
  assert.equal(pages.length, 1);
  assert.deepEqual(pages[0].events, []);
  assert.equal(requests[0].url.pathname, '/2/dm_conversations/10-20/dm_events');
});

test('a repeated next_token ends the walk instead of looping', async () => {
  const { api, requests } = client([pageWith('1', 'SAME_TOKEN_0123456789'), pageWith('2', 'SAME_TOKEN_0123456789'), pageWith('3')]);
  assert.deepEqual(await collect(api.pagesOfDmEvents()), ['1', '2']);
  assert.equal(requests.length, 2);
});

test('abort between pages ends with CancelledError and no further request', async () => {
  const controller = new AbortController();
  const { api, requests } = client([pageWith('1', 'TOKEN_A_0123456789'), pageWith('2')]);
  const ids: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const page of api.pagesOfDmEvents({ signal: controller.signal })) {
        ids.push(...page.events.map((e) => e.id));
        controller.abort();
      }
    })(),
    (e: unknown) => isXApiError(e) && e.kind === 'cancelled',
  );
  assert.deepEqual(ids, ['1']);
  assert.equal(requests.length, 1);
});

test('breaking out of the loop early sends no further request', async () => {
  const { api, requests } = client([pageWith('1', 'TOKEN_A_0123456789'), pageWith('2')]);
  for await (const page of api.pagesOfDmEvents()) {
    assert.equal(page.events[0].id, '1');
    break;
  }
  assert.equal(requests.length, 1);
});
