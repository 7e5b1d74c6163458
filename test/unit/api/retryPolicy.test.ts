import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isXApiError, type XApiError } from '../../../src/api/errors';
import { backoffMs, shouldRetry } from '../../../src/api/retry';
import { createXClient } from '../../../src/api/xClient';
import { SignedInElsewhereError } from '../../../src/auth/errors/authError';
import { InstantClock, TestAuth, hang, json, networkFailure, raw, scriptedFetch, type Responder } from './fakeHttp';

function client(responders: Responder[], timeoutMs = 15_000) {
  const { fetch, requests } = scriptedFetch(responders);
  const auth = new TestAuth();
  const clock = new InstantClock();
  const api = createXClient({ baseUrl: 'https://api.example.test', auth, fetch, clock, random: () => 0.5, timeoutMs });
  return { api, requests, auth, clock };
}

async function failureOf(promise: Promise<unknown>): Promise<XApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isXApiError(error), `not an XApiError: ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

const page = () => json({ data: [{ id: '1', event_type: 'MessageCreate', text: 'a' }], meta: { result_count: 1 } });
const sent = () => json({ data: { dm_conversation_id: '10-20', dm_event_id: '99' } }, 201);
const unavailable = () => raw('<html>503</html>', 503);

test('GET 503 is retried twice with jittered backoff, then ServerError', async () => {
  const { api, requests, clock } = client([unavailable, unavailable, unavailable]);
  const error = await failureOf(api.listDmEvents());
  assert.equal(error.kind, 'server');
  assert.equal(requests.length, 3);
  assert.deepEqual(clock.delays, [300, 600]); // equal jitter with random 0.5: 400→300, 800→600
});

test('GET recovers when a retry succeeds', async () => {
  const { api, requests } = client([unavailable, networkFailure('ECONNRESET'), page]);
  const result = await api.listDmEvents();
  assert.equal(result.events.length, 1);
  assert.equal(requests.length, 3);
});

test('GET timeout is retried; credentials are fetched again for every attempt', async () => {
  const { api, requests, auth } = client([hang, page], 30);
  const result = await api.listDmEvents();
  assert.equal(result.events.length, 1);
  assert.equal(requests.length, 2);
  assert.equal(auth.seen.length, 2);
});

test('a POST timeout is NOT retried and is marked as possibly delivered', async () => {
  const { api, requests } = client([hang, sent], 30);
  const error = await failureOf(api.sendToParticipant('20', { text: 'hello' }));
  assert.equal(error.kind, 'timeout');
  assert.equal(error.mayHaveReachedServer, true);
  assert.equal(requests.length, 1);
});

test('a POST 503 and a POST connection reset are not retried', async () => {
  const { api, requests } = client([unavailable, networkFailure('ECONNRESET')]);
  const a = await failureOf(api.sendToConversation('10-20', { text: 'hello' }));
  assert.equal(a.kind, 'server');
  const b = await failureOf(api.sendToConversation('10-20', { text: 'hello' }));
  assert.equal(b.kind, 'network');
  assert.equal(b.mayHaveReachedServer, true);
  assert.equal(requests.length, 2);
});

test('a POST that provably never left (connection refused) is retried', async () => {
  const { api, requests } = client([networkFailure('ECONNREFUSED'), sent]);
  assert.equal((await api.sendToParticipant('20', { text: 'hello' })).dm_event_id, '99');
  assert.equal(requests.length, 2);
});

test('DELETE is retried on 5xx', async () => {
  const { api, requests } = client([unavailable, () => json({ data: { deleted: true } })]);
  await api.deleteDmEvent('123');
  assert.equal(requests.length, 2);
  assert.equal(requests[1].method, 'DELETE');
});

test('401 → one refresh → one retry with the new token', async () => {
  const unauthorized = () => json({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, 401);
  const { api, requests, auth } = client([unauthorized, sent]);
  await api.sendToParticipant('20', { text: 'hello' });
  assert.equal(auth.refreshes, 1);
  assert.equal(requests[0].headers.get('authorization'), 'Bearer token-1');
  assert.equal(requests[1].headers.get('authorization'), 'Bearer token-2');

  const second = client([unauthorized, unauthorized, page]);
  const error = await failureOf(second.api.listDmEvents());
  assert.equal(error.kind, 'unauthorized');
  assert.equal(second.auth.refreshes, 1);
  assert.equal(second.requests.length, 2);
});

test('401 without a refresh available fails at once', async () => {
  const { api, requests, auth } = client([() => json({ title: 'Unauthorized', type: 'about:blank', status: 401 }, 401)]);
  auth.canRefresh = false;
  assert.equal((await failureOf(api.getMe())).kind, 'unauthorized');
  assert.equal(requests.length, 1);
});

test('a retry is not attempted into a window known to be exhausted', async () => {
  const resetSec = String(Math.floor(Date.UTC(2026, 10, 21, 12, 10) / 1000));
  const { api, requests } = client([
    () => new Response('<html>502</html>', { status: 502, headers: { 'x-rate-limit-limit': '15', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': resetSec } }),
    page,
  ]);
  const error = await failureOf(api.listDmEvents());
  assert.equal(error.kind, 'server');
  assert.equal(requests.length, 1);
});

test('a known-exhausted 24-hour budget refuses sends without a request', async () => {
  const day = String(Math.floor(Date.UTC(2026, 10, 22, 0, 0) / 1000));
  const { api, requests } = client([
    () =>
      json({ data: { dm_conversation_id: '10-20', dm_event_id: '1' } }, 201, {
        'x-rate-limit-limit': '15',
        'x-rate-limit-remaining': '14',
        'x-rate-limit-reset': day,
        'x-user-limit-24hour-limit': '1440',
        'x-user-limit-24hour-remaining': '0',
        'x-user-limit-24hour-reset': day,
      }),
  ]);
  await api.sendToParticipant('20', { text: 'one' });
  const error = await failureOf(api.sendToParticipant('20', { text: 'two' }));
  assert.equal(error.kind, 'rateLimited');
  assert.equal(requests.length, 1);
});

test('abort cancels a request and the backoff wait', async () => {
  const controller = new AbortController();
  const { api } = client([
    (_req, signal) => {
      queueMicrotask(() => controller.abort());
      return hang(_req, signal);
    },
  ]);
  const error = await failureOf(api.listDmEvents({ signal: controller.signal }));
  assert.equal(error.kind, 'cancelled');
});

test('policy table', () => {
  const err = (kind: string, mayHaveReachedServer: boolean) => ({ kind, mayHaveReachedServer }) as XApiError;
  assert.equal(shouldRetry('GET', err('server', true), 0), true);
  assert.equal(shouldRetry('GET', err('server', true), 2), false);
  assert.equal(shouldRetry('GET', err('rateLimited', true), 0), false);
  assert.equal(shouldRetry('GET', err('invalidRequest', true), 0), false);
  assert.equal(shouldRetry('POST', err('timeout', true), 0), false);
  assert.equal(shouldRetry('POST', err('network', false), 0), true);
  assert.equal(shouldRetry('DELETE', err('timeout', true), 0), true);
  assert.equal(backoffMs(0, () => 0), 200);
  assert.equal(backoffMs(1, () => 0.999999), 800);
  assert.ok(backoffMs(10, () => 1) <= 4000);
});

test('auth failures become API errors without sending; a throwing refresh leaves the 401', async () => {
  const { fetch, requests } = scriptedFetch([() => json({ title: 'Unauthorized', type: 'about:blank', status: 401 }, 401)]);
  const clock = new InstantClock();
  const gone = createXClient({
    baseUrl: 'https://api.example.test',
    fetch,
    clock,
    auth: { authorize: async () => { throw Object.assign(new Error('session gone'), { transient: false }); }, refreshAfterUnauthorized: async () => false },
  });
  const a = await failureOf(gone.getMe());
  assert.equal(a.kind, 'unauthorized');
  assert.equal(a.mayHaveReachedServer, false);
  const offline = createXClient({
    baseUrl: 'https://api.example.test',
    fetch,
    clock,
    auth: { authorize: async () => { throw Object.assign(new Error('refresh offline'), { transient: true }); }, refreshAfterUnauthorized: async () => false },
  });
  assert.equal((await failureOf(offline.sendToParticipant('20', { text: 'x' }))).kind, 'network');
  assert.equal(requests.length, 0);
  const throwing = createXClient({
    baseUrl: 'https://api.example.test',
    fetch,
    clock,
    auth: { authorize: async () => ({ authorization: 'Bearer t' }), refreshAfterUnauthorized: async () => { throw new Error('boom'); } },
  });
  assert.equal((await failureOf(throwing.getMe())).kind, 'unauthorized');
  assert.equal(requests.length, 1);
});

test("a refresh that rejects with an API error of its own surfaces that error instead of the 401", async () => {
  const { fetch, requests } = scriptedFetch([() => json({ title: 'Unauthorized', type: 'about:blank', status: 401 }, 401)]);
  const elsewhere = new SignedInElsewhereError();
  const client = createXClient({
    baseUrl: 'https://api.example.test',
    fetch,
    clock: new InstantClock(),
    auth: { authorize: async () => ({ authorization: 'Bearer old' }), refreshAfterUnauthorized: async () => { throw elsewhere; } },
  });
  assert.equal(await failureOf(client.getMe()), elsewhere);
  assert.equal(requests.length, 1, 'not retried');
});

test('a body that stalls after the headers times out (and a POST is still not retried)', async () => {
  const stalled: Responder = (_req, signal) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data":{"dm_conversation_id":'));
        signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      },
    });
    return new Response(body, { status: 201, headers: { 'content-type': 'application/json' } });
  };
  const { api, requests } = client([stalled, sent], 40);
  const error = await failureOf(api.sendToParticipant('20', { text: 'hello' }));
  assert.equal(error.kind, 'timeout');
  assert.equal(error.mayHaveReachedServer, true);
  assert.equal(requests.length, 1);
});
