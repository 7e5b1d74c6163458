import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TYPING_INTERVAL_MS, TypingThrottle } from '../../../webview/model/typingThrottle';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('steady typing signals once per five seconds per conversation', () => {
  const c = clock();
  const throttle = new TypingThrottle(c.now);
  assert.equal(TYPING_INTERVAL_MS, 5000);
  let sent = 0;
  // A keystroke every 100 ms for 12 s: signals at 0 s, 5 s and 10 s.
  for (let i = 0; i < 120; i++) {
    if (throttle.take('xchat-1-2')) sent++;
    c.advance(100);
  }
  assert.equal(sent, 3);
});

test('a keystroke just under the interval is held back; one at the interval goes', () => {
  const c = clock();
  const throttle = new TypingThrottle(c.now);
  assert.equal(throttle.take('xchat-1-2'), true);
  c.advance(4999);
  assert.equal(throttle.take('xchat-1-2'), false);
  c.advance(1);
  assert.equal(throttle.take('xchat-1-2'), true);
});

test('each conversation has its own interval', () => {
  const c = clock();
  const throttle = new TypingThrottle(c.now);
  assert.equal(throttle.take('xchat-1-2'), true);
  assert.equal(throttle.take('xchat-g789'), true);
  assert.equal(throttle.take('xchat-1-2'), false);
  assert.equal(throttle.take('xchat-g789'), false);
});

test('a clock that went backwards does not silence typing for the gap', () => {
  const c = clock();
  const throttle = new TypingThrottle(c.now);
  assert.equal(throttle.take('xchat-1-2'), true);
  c.advance(-60_000);
  assert.equal(throttle.take('xchat-1-2'), true);
  assert.equal(throttle.take('xchat-1-2'), false);
});
