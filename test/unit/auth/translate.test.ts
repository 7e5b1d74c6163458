import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthError } from '../../../src/auth/errors/authError';
import type { TranslateContext } from '../../../src/auth/errors/translate';
import { formatMessage, translateAuthError } from '../../../src/auth/errors/translate';

const ctx: TranslateContext = {
  t: formatMessage,
  callbackUrl: 'http://127.0.0.1:53682/callback',
  clientId: 'abc123',
  apiBaseUrl: 'https://api.x.com',
};

test('redirect mismatch names the exact callback URL and offers to copy it', () => {
  const shown = translateAuthError(
    new AuthError('oauth', 'x', { oauthError: 'invalid_request', description: 'Value passed for the redirect uri did not match the uri of the authorization code.' }),
    ctx,
  );
  assert.equal(shown.severity, 'error');
  assert.match(shown.message, /Add exactly http:\/\/127\.0\.0\.1:53682\/callback/);
  assert.deepEqual(shown.actions, ['copyCallbackUrl', 'openWalkthrough']);
});

test('unauthorized client names the client id and opens the setting', () => {
  const shown = translateAuthError(new AuthError('oauth', 'x', { oauthError: 'unauthorized_client' }), ctx);
  assert.match(shown.message, /client id "abc123"/);
  assert.deepEqual(shown.actions, ['openClientIdSetting', 'openWalkthrough']);
});

test('consent denied is information, with a way to try again', () => {
  const shown = translateAuthError(new AuthError('oauth', 'x', { oauthError: 'access_denied' }), ctx);
  assert.equal(shown.severity, 'info');
  assert.equal(shown.message, 'You cancelled the sign-in on X. Nothing was changed.');
});

test('403 without DM permission, and a suspended app', () => {
  const dm = translateAuthError(new AuthError('forbidden', 'x', { status: 403, description: 'Forbidden' }), ctx);
  assert.match(dm.message, /"Read, write and Direct Messages"/);
  const suspended = translateAuthError(
    new AuthError('forbidden', 'x', { status: 403, description: 'Your client app has been suspended' }),
    ctx,
  );
  assert.match(suspended.message, /suspended/);
  const suspendedOAuth = translateAuthError(
    new AuthError('oauth', 'x', { oauthError: 'unauthorized_client', description: 'App is suspended' }),
    ctx,
  );
  assert.match(suspendedOAuth.message, /suspended/);
});

test('busy port names the setting; cancel is silent; unknown errors are generic', () => {
  const port = translateAuthError(new AuthError('portInUse', 'x', { port: 53682 }), ctx);
  assert.match(port.message, /Port 53682/);
  assert.match(port.message, /"xdm\.oauth\.redirectPort"/);
  assert.deepEqual(port.actions, ['openPortSetting']);
  assert.equal(translateAuthError(new AuthError('cancelled', 'x'), ctx).silent, true);
  assert.equal(translateAuthError(new Error('boom'), ctx).severity, 'error');
});

test('cancelling while X is open hints at the client id and callback URL (wrong client id ends this way)', () => {
  const shown = translateAuthError(new AuthError('abandoned', 'x'), ctx);
  assert.equal(shown.silent, false);
  assert.equal(shown.severity, 'info');
  assert.match(shown.message, /"xdm\.clientId"/);
  assert.match(shown.message, /http:\/\/127\.0\.0\.1:53682\/callback/);
  assert.deepEqual(shown.actions, ['openClientIdSetting', 'copyCallbackUrl']);
});

test('messages never leak a token', () => {
  const secret = 'SECRET-TOKEN-VALUE';
  for (const kind of ['oauth', 'network', 'server', 'unauthorized', 'invalidResponse', 'sessionGone', 'timeout'] as const) {
    const shown = translateAuthError(new AuthError(kind, `failed with ${secret}`), ctx);
    assert.doesNotMatch(shown.message, new RegExp(secret));
  }
});

test('API client errors from /2/users/me become auth errors with the right message', async () => {
  const { toAuthError } = await import('../../../src/auth/flows/usersMe');
  const { ForbiddenError, UnauthorizedError, ServerError } = await import('../../../src/api/errors');
  const dm = toAuthError(new ForbiddenError('missing-permission', { status: 403 }));
  assert.equal(dm.kind, 'forbidden');
  assert.match(translateAuthError(dm, ctx).message, /"Read, write and Direct Messages"/);
  const enrolled = toAuthError(new ForbiddenError('client-not-enrolled', { status: 403 }));
  assert.match(translateAuthError(enrolled, ctx).message, /not enrolled/);
  assert.equal(toAuthError(new UnauthorizedError('401', { status: 401 })).kind, 'unauthorized');
  assert.equal(toAuthError(new ServerError(503)).kind, 'server');
});
