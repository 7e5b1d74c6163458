import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthError } from '../../../src/auth/errors/authError';
import type { CallbackResult } from '../../../src/auth/flows/loopback';
import { codeChallengeS256 } from '../../../src/auth/flows/authorizationCode';
import type { AuthorizationCodeDeps, RedirectReceiver } from '../../../src/auth/flows/authorizationCode';
import { runAuthorizationCodeFlow } from '../../../src/auth/flows/authorizationCode';
import { FakeClock, MemoryLogger, flush } from './fakes';

const scopes = ['dm.read', 'dm.write', 'tweet.read', 'users.read', 'offline.access'];

function harness(answer: (authorizeUrl: URL) => CallbackResult | undefined) {
  const clock = new FakeClock();
  const exchanges: Array<{ code: string; redirectUri: string; codeVerifier: string; clientId: string }> = [];
  let closed = 0;
  let opened: URL | undefined;
  let deliver: ((result: CallbackResult) => void) | undefined;
  const deps: AuthorizationCodeDeps = {
    clock,
    log: new MemoryLogger(),
    tokens: {
      exchangeCode: async (input) => {
        exchanges.push(input);
        return { accessToken: 'at', refreshToken: 'rt', expiresIn: 7200, scopes };
      },
    },
    fetchMe: async (token) => {
      assert.equal(token, 'at');
      return { id: '42', username: 'ada', name: 'Ada' };
    },
    openBrowser: async (url) => {
      opened = new URL(url);
      const result = answer(opened);
      if (result) setImmediate(() => deliver?.(result));
      return true;
    },
    startRedirect: async (): Promise<RedirectReceiver> => ({
      redirectUri: 'http://127.0.0.1:53682/callback',
      close: () => void closed++,
      wait: (signal) =>
        new Promise((resolve, reject) => {
          deliver = resolve;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    }),
  };
  return { deps, clock, exchanges, closed: () => closed, opened: () => opened };
}

test('authorize URL carries PKCE S256, state and scopes; the code is exchanged with the matching verifier', async () => {
  const h = harness((url) => ({ code: `code-for-${url.searchParams.get('state')}` }));
  const result = await runAuthorizationCodeFlow(
    { clientId: 'client', authorizeUrl: 'http://127.0.0.1:4010/i/oauth2/authorize', apiOrigin: 'http://127.0.0.1:4010', scopes, signal: new AbortController().signal },
    h.deps,
  );
  const url = h.opened();
  assert.ok(url);
  assert.equal(url.origin + url.pathname, 'http://127.0.0.1:4010/i/oauth2/authorize');
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.equal(url.searchParams.get('client_id'), 'client');
  assert.equal(url.searchParams.get('redirect_uri'), 'http://127.0.0.1:53682/callback');
  assert.equal(url.searchParams.get('scope'), scopes.join(' '));
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.match(url.searchParams.get('state') ?? '', /^[A-Za-z0-9_-]{32}$/);
  assert.equal(h.exchanges.length, 1);
  const exchange = h.exchanges[0];
  assert.equal(exchange?.code, `code-for-${url.searchParams.get('state')}`);
  assert.equal(codeChallengeS256(exchange?.codeVerifier ?? ''), url.searchParams.get('code_challenge'));
  assert.equal(exchange?.redirectUri, 'http://127.0.0.1:53682/callback');
  assert.deepEqual(result.me, { id: '42', username: 'ada', name: 'Ada' });
  assert.equal(h.closed(), 1);
});

test('consent denied on X ends with an oauth access_denied error and no exchange', async () => {
  const h = harness(() => ({ error: 'access_denied' }));
  await assert.rejects(
    runAuthorizationCodeFlow({ clientId: 'c', authorizeUrl: 'https://x.com/i/oauth2/authorize', apiOrigin: 'http://127.0.0.1:4010', scopes, signal: new AbortController().signal }, h.deps),
    (e: unknown) => e instanceof AuthError && e.kind === 'oauth' && e.oauthError === 'access_denied',
  );
  assert.equal(h.exchanges.length, 0);
  assert.equal(h.closed(), 1);
});

test('the sign-in times out after 5 minutes of waiting', async () => {
  const h = harness(() => undefined);
  const running = runAuthorizationCodeFlow(
    { clientId: 'c', authorizeUrl: 'https://x.com/i/oauth2/authorize', apiOrigin: 'http://127.0.0.1:4010', scopes, signal: new AbortController().signal },
    h.deps,
  );
  const outcome = running.then(
    () => 'resolved',
    (e: unknown) => (e instanceof AuthError ? e.kind : 'other'),
  );
  await flush();
  await h.clock.advance(5 * 60 * 1000 - 1);
  assert.equal(await Promise.race([outcome, Promise.resolve('pending')]), 'pending');
  await h.clock.advance(1);
  assert.equal(await outcome, 'timeout');
  assert.equal(h.closed(), 1);
});

test('cancelling from the progress notification while X is open ends as abandoned (a hint, not a failure)', async () => {
  const h = harness(() => undefined);
  const controller = new AbortController();
  const running = runAuthorizationCodeFlow({ clientId: 'c', authorizeUrl: 'https://x.com/i/oauth2/authorize', apiOrigin: 'http://127.0.0.1:4010', scopes, signal: controller.signal }, h.deps);
  await flush();
  controller.abort();
  await assert.rejects(running, (e: unknown) => e instanceof AuthError && e.kind === 'abandoned');
  assert.equal(h.exchanges.length, 0);
  assert.deepEqual(h.clock.pending(), [], 'the timeout timer is disposed');
});
