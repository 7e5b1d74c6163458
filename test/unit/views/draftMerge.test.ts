import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeDrafts } from '../../../src/views/draftMerge';

const bucket = (savedAt: number, texts: Record<string, string>) => ({ savedAt, texts });

test('a surface posting its drafts changes only the conversations it edited', () => {
  // The tab saw {a: 'hi'}; meanwhile the sidebar wrote b. The tab now edits a: b must survive.
  const base = { '1': bucket(1, { a: 'hi' }) };
  const theirs = { '1': bucket(5, { a: 'hi there' }) };
  const current = { '1': bucket(3, { a: 'hi', b: 'from the sidebar' }) };
  assert.deepEqual(mergeDrafts(base, theirs, current, 9), { '1': bucket(5, { a: 'hi there', b: 'from the sidebar' }) });
});

test('a stale surface does not undo a newer draft it never saw', () => {
  const base = { '1': bucket(1, { a: 'old' }) };
  const current = { '1': bucket(4, { a: 'newer, typed in the other surface' }) };
  assert.deepEqual(mergeDrafts(base, base, current, 9), current);
});

test('clearing a draft (sent) removes it, and an account left with none is dropped', () => {
  const base = { '1': bucket(1, { a: 'sent now' }), '2': bucket(1, { c: 'other account' }) };
  const theirs = { '2': bucket(1, { c: 'other account' }) };
  assert.deepEqual(mergeDrafts(base, theirs, base, 9), { '2': bucket(1, { c: 'other account' }) });
});

test('a first draft for a new account is added with its time', () => {
  assert.deepEqual(mergeDrafts({}, { '7': bucket(6, { x: 'yo' }) }, {}, 9), { '7': bucket(6, { x: 'yo' }) });
});

test('merging leaves the inputs untouched', () => {
  const current = { '1': bucket(1, { a: 'a' }) };
  const frozen = structuredClone(current);
  mergeDrafts({}, { '1': bucket(2, { b: 'b' }) }, current, 9);
  assert.deepEqual(current, frozen);
});
