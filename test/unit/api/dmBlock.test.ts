import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError, InvalidRequestError } from '../../../src/api/errors';
import { createXClient } from '../../../src/api/xClient';
import { InstantClock, TestAuth, json, scriptedFetch, type Responder } from './fakeHttp';

function client(responders: Responder[] | Responder) {
  const { fetch, requests } = scriptedFetch(responders);
  return { api: createXClient({ baseUrl: 'https://api.example.test', auth: new TestAuth(), fetch, clock: new InstantClock() }), requests };
}

test('blockDms posts to /2/users/{id}/dm/block without a body and reads data.blocked', async () => {
  const { api, requests } = client([() => json({ data: { blocked: true } })]);
  assert.equal(await api.blockDms('783214'), true);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].method, 'POST');
  assert.equal(requests[0].url.pathname, '/2/users/783214/dm/block');
});

test('unblockDms posts to /dm/unblock and resolves with blocked: false', async () => {
  const { api, requests } = client([() => json({ data: { blocked: false } })]);
  assert.equal(await api.unblockDms('783214'), false);
  assert.equal(requests[0].url.pathname, '/2/users/783214/dm/unblock');
});

test('a 200 with only errors is a refusal carrying X’s detail, not a silent success', async () => {
  const detail = 'Could not find user with id: [42].';
  const { api } = client([() => json({ errors: [{ title: 'Not Found Error', detail, type: 'https://api.x.com/2/problems/resource-not-found' }] })]);
  await assert.rejects(api.blockDms('42'), (error: unknown) => error instanceof InvalidRequestError && error.detail === detail);
});

test('an id that is not X’s numeric pattern never reaches a URL', async () => {
  const { api, requests } = client([() => json({ data: { blocked: true } })]);
  await assert.rejects(api.blockDms('../../2/dm_events'), InvalidInputError);
  assert.equal(requests.length, 0);
});
