import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimitedError } from '../../../src/api/errors';
import { RateLimitBookImpl, parseRateLimitHeaders } from '../../../src/api/rateLimits';
import type { RateLimitInfo } from '../../../src/api/model';

const NOW = Date.UTC(2026, 10, 21, 12, 0);
const sec = (ms: number) => String(Math.floor(ms / 1000));

test('parses the 15-minute window headers (reset in Unix seconds)', () => {
  const info = parseRateLimitHeaders(
    'GET /2/dm_events',
    new Headers({ 'x-rate-limit-limit': '15', 'x-rate-limit-remaining': '7', 'x-rate-limit-reset': sec(NOW + 600_000) }),
  );
  assert.deepEqual(info, { endpoint: 'GET /2/dm_events', limit: 15, remaining: 7, resetAt: NOW + 600_000 });
});

test('keeps the tighter of the user and app 24-hour budgets', () => {
  const info = parseRateLimitHeaders(
    'POST /2/dm_conversations/with/:participant_id/messages',
    new Headers({
      'x-rate-limit-limit': '15',
      'x-rate-limit-remaining': '14',
      'x-rate-limit-reset': sec(NOW + 900_000),
      'x-user-limit-24hour-limit': '1440',
      'x-user-limit-24hour-remaining': '1000',
      'x-user-limit-24hour-reset': sec(NOW + 3600_000),
      'x-app-limit-24hour-limit': '100000',
      'x-app-limit-24hour-remaining': '3',
      'x-app-limit-24hour-reset': sec(NOW + 7200_000),
    }),
  );
  assert.deepEqual(info?.day, { limit: 100000, remaining: 3, resetAt: NOW + 7200_000 });
});

test('absent, partial or garbage headers give nothing', () => {
  assert.equal(parseRateLimitHeaders('GET /2/users/me', new Headers()), undefined);
  assert.equal(parseRateLimitHeaders('GET /2/users/me', new Headers({ 'x-rate-limit-limit': '75' })), undefined);
  assert.equal(
    parseRateLimitHeaders('GET /2/users/me', new Headers({ 'x-rate-limit-remaining': 'lots', 'x-rate-limit-reset': 'soon' })),
    undefined,
  );
});

test('book records per endpoint, fires onDidChange, keeps a known daily budget across answers', () => {
  const book = new RateLimitBookImpl();
  const seen: RateLimitInfo[] = [];
  book.onDidChange((info) => seen.push(info));
  book.record('POST /x', new Headers({
    'x-rate-limit-remaining': '5', 'x-rate-limit-reset': sec(NOW + 1000),
    'x-user-limit-24hour-remaining': '9', 'x-user-limit-24hour-reset': sec(NOW + 86_400_000),
  }));
  book.record('POST /x', new Headers({ 'x-rate-limit-remaining': '4', 'x-rate-limit-reset': sec(NOW + 1000) }));
  book.record('GET /y', new Headers({ 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': sec(NOW + 1000) }));
  book.record('GET /z', new Headers());
  assert.equal(seen.length, 3);
  assert.equal(book.get('POST /x')?.remaining, 4);
  assert.equal(book.get('POST /x')?.day?.remaining, 9);
  assert.deepEqual(book.all().map((i) => i.endpoint).sort(), ['GET /y', 'POST /x']);
});

test('assertCanSend refuses only when remaining is 0 and the reset is ahead', () => {
  const book = new RateLimitBookImpl();
  book.record('GET /a', new Headers({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': sec(NOW + 60_000) }));
  assert.throws(() => book.assertCanSend('GET /a', NOW), (e: unknown) => e instanceof RateLimitedError && e.notSent && e.resetAt === NOW + 60_000);
  assert.doesNotThrow(() => book.assertCanSend('GET /a', NOW + 60_000)); // window has reset
  assert.doesNotThrow(() => book.assertCanSend('GET /b', NOW)); // unknown endpoint
  book.record('GET /c', new Headers({ 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': sec(NOW + 60_000) }));
  assert.doesNotThrow(() => book.assertCanSend('GET /c', NOW));
});
