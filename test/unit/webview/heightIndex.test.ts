import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeightIndex } from '../../../webview/model/heightIndex';

test('offsets, lookups and measurements', () => {
  const index = new HeightIndex();
  index.setItems(['a', 'b', 'c', 'd'], () => 10);
  assert.equal(index.total(), 40);
  assert.equal(index.indexAt(0), 0);
  assert.equal(index.indexAt(19.9), 1);
  assert.equal(index.indexAt(1000), 3);
  assert.equal(index.measure('b', 30), true);
  assert.equal(index.measure('b', 30), false);
  assert.equal(index.offsetOf(2), 40);
  assert.equal(index.total(), 60);
});

test('measured heights follow their key when rows are prepended (load older)', () => {
  const index = new HeightIndex();
  index.setItems(['m1', 'm2'], () => 10);
  index.measure('m1', 50);
  index.setItems(['o1', 'o2', 'm1', 'm2'], () => 20);
  assert.equal(index.indexOfKey('m1'), 2);
  assert.equal(index.offsetOf(2), 40);
  assert.equal(index.heightAt(2), 50);
});

test('10,000 rows: lookup is a binary search over prefix sums', () => {
  const index = new HeightIndex();
  index.setItems(Array.from({ length: 10_000 }, (_, i) => `k${i}`), (i) => (i % 2 ? 20 : 40));
  assert.equal(index.total(), 300_000);
  assert.equal(index.indexAt(150_000), 5000);
});
