import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  SchemaDriftError,
  ServerError,
  UnauthorizedError,
  isXApiError,
} from '../../../src/api/errors';
import { createXClient } from '../../../src/api/xClient';
import { InstantClock, TestAuth, json, raw, scriptedFetch, type Responder } from './fakeHttp';

function client(responders: Responder[]) {
  const { fetch, requests } = scriptedFetch(responders);
  const auth = new TestAuth();
  auth.canRefresh = false;
  const clock = new InstantClock();
  return { api: createXClient({ baseUrl: 'https://api.example.test/', auth, fetch, clock, random: () => 0 }), requests, clock };
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

const problem = (body: object, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json', ...headers } });

test('problem+json 403 client-forbidden carries X reason', async () => {
  const { api } = client([
    () => problem({ type: 'https://api.twitter.com/2/problems/client-forbidden', title: 'Client Forbidden', reason: 'client-not-enrolled', detail: 'When authenticating requests…' }, 403),
  ]);
  const error = await failureOf(api.sendToParticipant('20', { text: 'x' }));
  assert.ok(error instanceof ForbiddenError);
  assert.equal(error.forbiddenReason, 'client-not-enrolled');
  assert.equal(error.retryable, false);
  assert.equal(error.mayHaveReachedServer, false); // X refused: the outbox can mark it failed
  assert.equal(error.endpoint, 'POST /2/dm_conversations/with/:participant_id/messages');
});

test('403 for a recipient who does not accept DMs (problem detail and legacy code 349)', async () => {
  const { api } = client([
    () => problem({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'You cannot send messages to this user.' }, 403),
    () => json({ errors: [{ code: 349, message: 'You cannot send messages to this user.' }] }, 403),
  ]);
  const a = await failureOf(api.sendToParticipant('20', { text: 'x' }));
  const b = await failureOf(api.sendToParticipant('20', { text: 'x' }));
  for (const error of [a, b]) {
    assert.ok(error instanceof ForbiddenError);
    assert.equal(error.forbiddenReason, 'recipient-not-accepting-dms');
    assert.match(error.userMessage, /does not accept Direct Messages/);
  }
});

test('403 for missing DM permission', async () => {
  const { api } = client([
    () => problem({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.' }, 403),
  ]);
  const error = await failureOf(api.listDmEvents());
  assert.ok(error instanceof ForbiddenError);
  assert.equal(error.forbiddenReason, 'missing-permission');
});

test('429 problem body with headers gives the reset time and records an exhausted bucket', async () => {
  const resetSec = Math.floor(Date.UTC(2026, 10, 21, 12, 10) / 1000);
  const { api, requests } = client([
    () =>
      problem({ title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' }, 429, {
        'x-rate-limit-limit': '15',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(resetSec),
      }),
  ]);
  const error = await failureOf(api.listDmEvents());
  assert.ok(error instanceof RateLimitedError);
  assert.equal(error.resetAt, resetSec * 1000);
  assert.equal(error.notSent, false);
  assert.equal(error.mayHaveReachedServer, false);
  assert.equal(error.retryable, true);
  assert.match(error.userMessage, /12:10 UTC/);
  // The next call is refused locally: no second request.
  const again = await failureOf(api.listDmEvents());
  assert.ok(again instanceof RateLimitedError);
  assert.equal(again.notSent, true);
  assert.equal(again.mayHaveReachedServer, false);
  assert.equal(requests.length, 1);
});

test('usage-capped problem is a rate limit of scope usageCap', async () => {
  const { api } = client([() => problem({ type: 'https://api.twitter.com/2/problems/usage-capped', title: 'Usage cap exceeded', period: 'Monthly', scope: 'Product' }, 429)]);
  const error = await failureOf(api.listDmEvents());
  assert.ok(error instanceof RateLimitedError);
  assert.equal(error.scope, 'usageCap');
});

test('legacy {code,message} shapes', async () => {
  const { api } = client([
    () => json({ code: 89, message: 'Invalid or expired token.' }, 400),
    () => json({ errors: [{ code: 88, message: 'Rate limit exceeded' }] }, 420),
    () => json({ errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] }, 400),
  ]);
  const a = await failureOf(api.getMe());
  assert.ok(a instanceof UnauthorizedError);
  assert.equal(a.detail, 'Invalid or expired token.');
  assert.ok((await failureOf(api.getMe())) instanceof RateLimitedError);
  assert.ok((await failureOf(api.getMe())) instanceof NotFoundError);
});

test('OAuth {error,error_description} shapes', async () => {
  const { api } = client([
    () => json({ error: 'invalid_request', error_description: 'Value passed for the token was invalid.' }, 400),
    () => json({ error: 'invalid_token', error_description: 'expired' }, 400),
  ]);
  const a = await failureOf(api.getMe());
  assert.ok(a instanceof InvalidRequestError);
  assert.equal(a.parameter, 'invalid_request');
  assert.equal(a.detail, 'Value passed for the token was invalid.');
  assert.ok((await failureOf(api.getMe())) instanceof UnauthorizedError);
});

test('invalid-request problem names the parameter', async () => {
  const { api } = client([
    () =>
      problem(
        {
          type: 'https://api.twitter.com/2/problems/invalid-request',
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          errors: [{ parameters: { max_results: ['500'] }, message: 'The `max_results` query parameter value [500] is not between 1 and 100' }],
        },
        400,
      ),
  ]);
  const error = await failureOf(api.listDmEvents());
  assert.ok(error instanceof InvalidRequestError);
  assert.equal(error.parameter, 'max_results');
});

test('HTML error page, empty body and truncated JSON map by status', async () => {
  const { api } = client([
    () => raw('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', 503),
    () => raw('<html><body>503</body></html>', 503),
    () => raw('<html><body>503</body></html>', 503),
    () => raw('', 404, 'application/json'),
    () => raw('{"title":"Not Found","detail":"trunc', 404, 'application/problem+json'),
  ]);
  const server = await failureOf(api.getMe());
  assert.ok(server instanceof ServerError);
  assert.equal(server.status, 503);
  assert.equal(server.mayHaveReachedServer, true);
  assert.ok((await failureOf(api.getDmEvent('5'))) instanceof NotFoundError);
  assert.ok((await failureOf(api.getDmEvent('5'))) instanceof NotFoundError);
});

test('a 200 with HTML or a complete body that is not JSON is schema drift at (body)', async () => {
  const { api } = client([
    () => raw('<html>maintenance</html>', 200),
    () => raw('{"data":[{"id":"1"}]]', 200, 'application/json'),
  ]);
  for (const what of ['HTML instead of JSON', 'invalid JSON']) {
    const error = await failureOf(api.listDmEvents());
    assert.ok(error instanceof SchemaDriftError);
    assert.equal(error.fieldPath, '(body)');
    assert.match(error.message, new RegExp(what));
  }
});

test('a 200 that breaks the schema names the field path', async () => {
  const { api } = client([
    () => json({ data: [{ id: '1', event_type: 'MessageCreate' }, { id: '2', event_type: 'MessageCreate', sender_id: 42 }] }),
    () => json({ data: [{ id: 'abc', event_type: 'MessageCreate' }] }),
    () => json({ data: { dm_conversation_id: '1-2' } }, 201),
  ]);
  const a = await failureOf(api.listDmEvents());
  assert.ok(a instanceof SchemaDriftError);
  assert.equal(a.fieldPath, 'data[1].sender_id');
  const b = await failureOf(api.listDmEvents());
  assert.ok(b instanceof SchemaDriftError);
  assert.equal(b.fieldPath, 'data[0].id');
  // A send answered 2xx is sent whatever its body says: the field path goes to the log, not into a failure.
  const c = await api.sendToConversation('1-2', { text: 'x' });
  assert.equal(c.dm_event_id, undefined);
  assert.match(c.unreadable ?? '', /data\.dm_event_id/);
});

test('partial errors in a 200 come alongside the data', async () => {
  const { api } = client([
    () =>
      json({
        data: [{ id: '1', event_type: 'MessageCreate', text: 'a' }],
        errors: [
          {
            value: '1455',
            detail: 'Could not find tweet with referenced_tweets.id: [1455].',
            title: 'Not Found Error',
            resource_type: 'tweet',
            parameter: 'referenced_tweets.id',
            resource_id: '1455',
            type: 'https://api.twitter.com/2/problems/resource-not-found',
          },
        ],
      }),
  ]);
  const page = await api.listDmEvents();
  assert.equal(page.events.length, 1);
  assert.deepEqual(page.partialErrors, [
    {
      title: 'Not Found Error',
      detail: 'Could not find tweet with referenced_tweets.id: [1455].',
      type: 'https://api.twitter.com/2/problems/resource-not-found',
      resource_id: '1455',
      resource_type: 'tweet',
      parameter: 'referenced_tweets.id',
      value: '1455',
    },
  ]);
});

test('user messages never contain the token', async () => {
  const { api } = client([() => json({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, 401)]);
  const error = await failureOf(api.getMe());
  assert.ok(error instanceof UnauthorizedError);
  assert.doesNotMatch(`${error.message} ${error.userMessage} ${error.detail}`, /token-1/);
});
