import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayKey, dayLabel, relativeTime } from '../../../src/protocol/relativeTime';

const now = new Date(2026, 10, 21, 15, 0).getTime();
const min = 60_000;

test('relative times in English', () => {
  assert.equal(relativeTime(now - 10_000, now, 'en'), 'now');
  assert.equal(relativeTime(now - 5 * min, now, 'en'), '5 min. ago');
  assert.equal(relativeTime(now - 3 * 60 * min, now, 'en'), '3 hr. ago');
  assert.equal(relativeTime(new Date(2026, 10, 20, 9).getTime(), now, 'en'), 'Yesterday');
  assert.equal(relativeTime(new Date(2026, 10, 17, 9).getTime(), now, 'en'), 'Tue');
  assert.equal(relativeTime(new Date(2026, 2, 12, 9).getTime(), now, 'en'), 'Mar 12');
  assert.equal(relativeTime(new Date(2025, 2, 12, 9).getTime(), now, 'en'), 'Mar 12, 2025');
});

test('relative times follow the display language', () => {
  assert.equal(relativeTime(new Date(2026, 10, 20, 9).getTime(), now, 'de'), 'Gestern');
  assert.match(relativeTime(now - 5 * min, now, 'fr'), /^il\s+y\s+a\s+5\s+min/u);
});

test('day labels and keys use the local calendar day', () => {
  assert.equal(dayLabel(new Date(2026, 10, 21, 0, 1).getTime(), now, 'en'), 'Today');
  assert.equal(dayLabel(new Date(2026, 10, 20, 23, 59).getTime(), now, 'en'), 'Yesterday');
  assert.equal(dayLabel(new Date(2026, 0, 2).getTime(), now, 'en'), 'Friday, January 2, 2026');
  assert.notEqual(dayKey(new Date(2026, 10, 20, 23, 59).getTime()), dayKey(new Date(2026, 10, 21, 0, 1).getTime()));
});
