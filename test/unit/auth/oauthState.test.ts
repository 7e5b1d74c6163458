import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOAuthState, stateMatches } from '../../../src/auth/flows/authorizationCode';

test('state is random, url-safe and long enough', () => {
  const states = new Set(Array.from({ length: 100 }, () => createOAuthState()));
  assert.equal(states.size, 100);
  for (const state of states) assert.match(state, /^[A-Za-z0-9_-]{32}$/);
});

test('state comparison accepts only the exact value', () => {
  const state = createOAuthState();
  assert.equal(stateMatches(state, state), true);
  assert.equal(stateMatches(state, `${state}x`), false);
  assert.equal(stateMatches(state, state.slice(1)), false);
  assert.equal(stateMatches(state, ''), false);
  assert.equal(stateMatches(state, null), false);
  assert.equal(stateMatches(state, undefined), false);
});
