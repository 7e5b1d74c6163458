import assert from 'node:assert/strict';
import { test } from 'node:test';
import { format } from '../../../src/protocol/strings';

test('format fills numbered placeholders and leaves unknown ones', () => {
  assert.equal(format('{0} of {1}', 1, 'two'), '1 of two');
  assert.equal(format('{0} and {3}', 'a'), 'a and {3}');
});

test('format does not interpret replacement patterns in arguments', () => {
  assert.equal(format('Hi {0}', "$& $' $1"), "Hi $& $' $1");
});
