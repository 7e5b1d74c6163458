import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLOW_TABLE, flowsFor } from '../../../src/auth/flows';

const ids = (query: Parameters<typeof flowsFor>[1]) => flowsFor(FLOW_TABLE, query).map((flow) => flow.id);

test('the browser sign-in prefers the loopback redirect and falls back to the URI handler', () => {
  assert.deepEqual(ids({ entry: 'browser', hasClientId: true, loopbackReachable: true }), ['loopback', 'uriHandler']);
  assert.deepEqual(ids({ entry: 'browser', hasClientId: true, loopbackReachable: false }), ['uriHandler']);
});

test('without a client id no browser flow fits (the provider explains the setup instead)', () => {
  assert.deepEqual(ids({ entry: 'browser', hasClientId: false }), []);
  assert.deepEqual(ids({ entry: 'browser', hasClientId: false, loopbackReachable: true }), []);
});

test('keys typed into VS Code need neither a client id nor a reachable loopback', () => {
  assert.deepEqual(ids({ entry: 'keys', hasClientId: false }), ['accessToken']);
  assert.deepEqual(ids({ entry: 'keys', hasClientId: true, loopbackReachable: false }), ['accessToken']);
});

test('an unprobed loopback only admits flows that work either way', () => {
  assert.deepEqual(ids({ entry: 'browser', hasClientId: true }), ['uriHandler']);
});
