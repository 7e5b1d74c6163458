import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAFETY_NET_POLL_MS, STREAM_DOWN_GRACE_MS, backfillMinutes, gapBeyondBackfill, pollOverride, reconnectDelay } from '../../../src/realtime/policy';
import { LineSplitter } from '../../../src/realtime/lineSplitter';

test("reconnect delays follow X's guide: network linear from 0, HTTP exponential from 5 s, 429 from 1 min, each capped", () => {
  assert.deepEqual([1, 2, 3, 100].map((n) => reconnectDelay('network', n)), [0, 250, 500, 16_000]);
  assert.deepEqual([1, 2, 3, 10].map((n) => reconnectDelay('http', n)), [5_000, 10_000, 20_000, 320_000]);
  assert.deepEqual([1, 2, 3, 10].map((n) => reconnectDelay('rateLimited', n)), [60_000, 120_000, 240_000, 16 * 60_000]);
});

test('backfill covers the time since the stream was last heard, in whole minutes from 1 to 5', () => {
  const now = 10_000_000;
  assert.equal(backfillMinutes(undefined, now), 0, 'a first connection asks for none');
  assert.equal(backfillMinutes(now - 5_000, now), 1);
  assert.equal(backfillMinutes(now - 61_000, now), 2);
  assert.equal(backfillMinutes(now - 60 * 60_000, now), 5);
  assert.equal(gapBeyondBackfill(now - 5 * 60_000, now), false);
  assert.equal(gapBeyondBackfill(now - 5 * 60_000 - 1, now), true, 'past 5 minutes only a poll can fill the gap');
  assert.equal(gapBeyondBackfill(undefined, now), false);
});

test('polling is a 15-minute safety net while the stream is healthy or briefly down, and resumes after the grace period', () => {
  const now = 1_000_000;
  assert.equal(pollOverride({ healthy: true }, now), SAFETY_NET_POLL_MS);
  assert.equal(pollOverride({ healthy: false, downSince: now - STREAM_DOWN_GRACE_MS + 1 }, now), SAFETY_NET_POLL_MS);
  assert.equal(pollOverride({ healthy: false, downSince: now - STREAM_DOWN_GRACE_MS }, now), undefined);
  assert.equal(pollOverride({ healthy: false }, now), undefined, 'never connected: poll as configured');
  assert.equal(pollOverride({ healthy: false, downSince: now, stopped: true }, now), undefined, 'a refused token: poll as configured at once');
  // The budget the issue sets: an idle hour with a healthy stream costs at most 4 list requests.
  assert.ok(3_600_000 / SAFETY_NET_POLL_MS <= 4);
});

test('lines are cut at \\r\\n whatever the chunking, keep-alives included, multi-byte characters intact', () => {
  const text = '{"a":"é😀"}\r\n\r\n{"b":1}\r\n';
  const bytes = new TextEncoder().encode(text);
  for (let cut = 1; cut < bytes.length; cut++) {
    const s = new LineSplitter();
    const lines = [...s.push(bytes.subarray(0, cut)), ...s.push(bytes.subarray(cut))];
    assert.deepEqual(lines, ['{"a":"é😀"}', '', '{"b":1}'], `cut at ${cut}`);
  }
});
