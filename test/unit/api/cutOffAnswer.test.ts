// An answer that stops before its end is a broken connection (retried like one), not a response the extension
// "does not understand": only a body that fully arrived and still fails is schema drift.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { NetworkError, SchemaDriftError, isXApiError } from '../../../src/api/errors';
import { createXClient } from '../../../src/api/xClient';
import { classifySendFailure } from '../../../src/dm/outbox';
import { InstantClock, TestAuth, json, raw, scriptedFetch, type Responder } from './fakeHttp';

const ME = { data: { id: '1', name: 'Me', username: 'me' } };

function client(responders: Responder[] | Responder, options: { fetch?: typeof fetch; baseUrl?: string } = {}) {
  const scripted = scriptedFetch(responders);
  const auth = new TestAuth();
  auth.canRefresh = false;
  const api = createXClient({ baseUrl: options.baseUrl ?? 'https://api.example.test/', auth, fetch: options.fetch ?? scripted.fetch, clock: new InstantClock(), random: () => 0 });
  return { api, requests: scripted.requests };
}

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    assert.ok(isXApiError(error), `not an XApiError: ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

const CUT_OFF = /connection to X broke while reading its answer/;

test('a 200 whose JSON stops early is a broken connection, retried, and the retry recovers', async () => {
  const { api, requests } = client([() => raw('{"data":{"id":"1","na', 200, 'application/json'), () => raw('', 200, 'application/json'), () => json(ME)]);
  assert.equal((await api.getMe()).id, '1');
  assert.equal(requests.length, 3, 'two cut-off answers, then the whole one');
});

test('when every attempt is cut off, the error says the connection broke and may have reached X', async () => {
  const { api, requests } = client(() => raw('{"data":[{"id":"18', 200, 'application/json'));
  const error = await failureOf(api.listDmEvents());
  assert.ok(error instanceof NetworkError, `got ${error.kind}`);
  assert.match(error.userMessage, CUT_OFF);
  assert.match(error.userMessage, /tried again/);
  assert.equal(error.mayHaveReachedServer, true);
  assert.equal(requests.length, 3, 'the GET retry policy: one attempt and two retries');
});

test('a send whose 2xx answer is cut off counts as sent (X took it), once; a cut-off 5xx is unconfirmed, never resent', async () => {
  const taken = client(() => raw('{"data":{"dm_conversation_id":"1-2",', 201, 'application/json'));
  const result = await taken.api.sendToParticipant('2', { text: 'hi' });
  assert.ok(result.unreadable, 'resolved with a note for the log instead of failing');
  assert.equal(taken.requests.length, 1);

  const unsure = client(() => raw('{"title":"Service Unav', 503, 'application/json'));
  const error = await failureOf(unsure.api.sendToParticipant('2', { text: 'hi' }));
  assert.equal(error.mayHaveReachedServer, true);
  assert.doesNotMatch(error.userMessage, /tried again/);
  assert.equal(unsure.requests.length, 1);
  assert.equal(classifySendFailure(error).status, 'unconfirmed', 'the outbox checks X instead of offering a blind resend');
});

test('a complete body that is not JSON, or HTML, is still schema drift', async () => {
  const { api } = client([() => raw('{"data":{"id":"1",}}', 200, 'application/json'), () => raw('<html>maintenance</html>', 200)]);
  for (const what of ['invalid JSON', 'HTML instead of JSON']) {
    const error = await failureOf(api.getMe());
    assert.ok(error instanceof SchemaDriftError, `got ${error.kind}`);
    assert.match(error.message, new RegExp(what));
  }
});

test('a body shorter than its content-length (socket closed mid-body) is a broken connection, retried', async () => {
  let served = 0;
  const body = JSON.stringify(ME);
  const server = createServer((_req, res) => {
    served++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    if (served < 3) {
      res.write(body.slice(0, 10));
      // Let the first bytes leave before the connection goes, as a reset mid-answer does.
      setTimeout(() => res.socket?.destroy(), 20);
    } else res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const { api } = client([], { fetch: globalThis.fetch, baseUrl: `http://127.0.0.1:${port}/` });
    assert.equal((await api.getMe()).id, '1');
    assert.equal(served, 3);
    served = 0;
    server.removeAllListeners('request');
    server.on('request', (_req, res) => {
      served++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write(body);
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const error = await failureOf(api.getMe());
    assert.ok(error instanceof NetworkError, `got ${error.kind}`);
    assert.match(error.userMessage, CUT_OFF);
    assert.equal(served, 3);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
