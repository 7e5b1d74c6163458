import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { test } from 'node:test';
import { AuthError } from '../../../src/auth/errors/authError';
import { startLoopbackCallback } from '../../../src/auth/flows/loopback';

const texts = { title: 'X Direct Messages', success: 'Signed in.', failure: 'Did not complete.', closeTab: 'You can close this tab.' };

test('answers one matching callback with the close-tab page, rejects wrong state, then closes', async () => {
  const callback = await startLoopbackCallback({ port: 0, state: 'expected-state', texts });
  assert.match(callback.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
  const waiting = callback.wait(new AbortController().signal);

  const wrong = await fetch(`${callback.redirectUri}?code=evil&state=other`);
  assert.equal(wrong.status, 400);
  const missing = await fetch(`${callback.redirectUri}?code=evil`);
  assert.equal(missing.status, 400);
  const elsewhere = await fetch(callback.redirectUri.replace('/callback', '/favicon.ico'));
  assert.equal(elsewhere.status, 404);

  const good = await fetch(`${callback.redirectUri}?code=the-code&state=expected-state`);
  assert.equal(good.status, 200);
  assert.equal(good.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'");
  const page = await good.text();
  assert.match(page, /You can close this tab\./);
  assert.doesNotMatch(page, /the-code/);
  assert.deepEqual(await waiting, { code: 'the-code' });

  await new Promise((resolve) => setTimeout(resolve, 100));
  await assert.rejects(fetch(callback.redirectUri), 'the server is closed after the callback');
});

test('an OAuth error on the redirect (consent denied) is returned, not thrown', async () => {
  const callback = await startLoopbackCallback({ port: 0, state: 's', texts });
  const waiting = callback.wait(new AbortController().signal);
  const response = await fetch(`${callback.redirectUri}?error=access_denied&state=s`);
  assert.equal(response.status, 200);
  assert.match(await response.text(), /Did not complete\./);
  assert.deepEqual(await waiting, { error: 'access_denied', errorDescription: undefined });
});

test('a busy port is a portInUse error naming the port', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(startLoopbackCallback({ port, state: 's', texts }), (e: unknown) => {
      assert.ok(e instanceof AuthError);
      assert.equal(e.kind, 'portInUse');
      assert.equal(e.port, port);
      return true;
    });
  } finally {
    blocker.close();
  }
});

test('aborting stops waiting and frees the port', async () => {
  const callback = await startLoopbackCallback({ port: 0, state: 's', texts });
  const controller = new AbortController();
  const waiting = callback.wait(controller.signal);
  controller.abort(new AuthError('cancelled', 'cancelled'));
  await assert.rejects(waiting, (e: unknown) => e instanceof AuthError && e.kind === 'cancelled');
  const again = await startLoopbackCallback({ port: callback.port, state: 's2', texts });
  again.close();
});

/** Sends one raw HTTP/1.1 request line (fetch would normalise the target) and returns the status code. */
async function rawStatus(port: number, target: string): Promise<number> {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('latin1');
  socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  let text = '';
  for await (const chunk of socket) text += chunk as string;
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}

test('a malformed request target gets a 400 and the sign-in still completes', async () => {
  const callback = await startLoopbackCallback({ port: 0, state: 's', texts });
  const waiting = callback.wait(new AbortController().signal);
  // Targets the WHATWG URL parser rejects even against a base: a local probe must not break the server.
  for (const target of ['//%', 'http://[', '//']) assert.equal(await rawStatus(callback.port, target), 400, target);
  const good = await fetch(`${callback.redirectUri}?code=c&state=s`);
  assert.equal(good.status, 200);
  assert.deepEqual(await waiting, { code: 'c' });
});
