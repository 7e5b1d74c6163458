import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildShareMessage, selectionHeader } from '../../../src/commands/shareMessage';
import { MAX_DM_TEXT_LENGTH } from '../../../src/dm/model/limits';

test('one selection: header with path and line range, code as plain text', () => {
  const message = buildShareMessage({ path: 'src/a.ts', selections: [{ startLine: 10, endLine: 12, text: 'one\r\ntwo\nthree\n' }] });
  assert.equal(message.text, 'src/a.ts:10-12\none\ntwo\nthree');
  assert.equal(message.totalLines, 3);
  assert.equal(message.omittedLines, 0);
  assert.equal(selectionHeader('x.py', 4, 4), 'x.py:4');
});

test('note goes above the code; permalinks under each header; selections in file order', () => {
  const message = buildShareMessage({
    path: 'lib/b.go',
    note: '  Look at this  ',
    selections: [
      { startLine: 30, endLine: 30, text: 'return nil', permalink: 'https://github.com/o/r/blob/s/lib/b.go#L30' },
      { startLine: 3, endLine: 4, text: 'package b\n', permalink: 'https://github.com/o/r/blob/s/lib/b.go#L3-L4' },
    ],
  });
  assert.equal(
    message.text,
    [
      'Look at this',
      '',
      'lib/b.go:3-4',
      'https://github.com/o/r/blob/s/lib/b.go#L3-L4',
      'package b',
      '',
      'lib/b.go:30',
      'https://github.com/o/r/blob/s/lib/b.go#L30',
      'return nil',
    ].join('\n'),
  );
});

test('too long: keeps whole lines that fit, marks the rest, never exceeds the limit', () => {
  const lines = Array.from({ length: 2_000 }, (_, i) => `const value${i} = ${i};`);
  const message = buildShareMessage({ path: 'big.ts', selections: [{ startLine: 1, endLine: 2_000, text: lines.join('\n') }] });
  assert.ok(message.text.length <= MAX_DM_TEXT_LENGTH, `length ${message.text.length}`);
  assert.ok(message.text.length > MAX_DM_TEXT_LENGTH - 40, 'uses the space it has');
  assert.equal(message.totalLines, 2_000);
  const shownLines = message.text.split('\n').slice(1, -1);
  assert.equal(shownLines.length + message.omittedLines, 2_000);
  assert.deepEqual(shownLines, lines.slice(0, shownLines.length));
  assert.equal(message.text.split('\n').at(-1), `… ${message.omittedLines} more lines`);
});

test('truncation across several selections marks each cut block and stays within a small limit', () => {
  const block = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join('\n');
  const selections = [
    { startLine: 1, endLine: 20, text: block(20, 'a') },
    { startLine: 40, endLine: 59, text: block(20, 'b') },
  ];
  const fullLength = buildShareMessage({ path: 'f.txt', selections }).text.length;
  for (let limit = 40; limit < fullLength; limit += 3) {
    const message = buildShareMessage({ path: 'f.txt', limit, moreLines: (n) => `[+${n}]`, selections });
    assert.ok(message.text.length <= limit, `limit ${limit}: ${message.text.length}`);
    const markers = [...message.text.matchAll(/\[\+(\d+)\]/g)].map((m) => Number(m[1]));
    assert.equal(markers.reduce((a, b) => a + b, 0), message.omittedLines, `limit ${limit}`);
    assert.ok(message.omittedLines > 0);
  }
});

test('exactly at the limit nothing is cut', () => {
  const head = 'a.txt:1';
  const body = 'x'.repeat(100 - head.length - 1);
  const message = buildShareMessage({ path: 'a.txt', limit: 100, selections: [{ startLine: 1, endLine: 1, text: body }] });
  assert.equal(message.text.length, 100);
  assert.equal(message.omittedLines, 0);
});

test('a note longer than the limit is cut hard rather than exceed what X accepts', () => {
  const message = buildShareMessage({ path: 'a', limit: 50, note: 'n'.repeat(80), selections: [{ startLine: 1, endLine: 1, text: 'code' }] });
  assert.equal(message.text.length, 50);
  assert.ok(message.text.endsWith('…'));
});
