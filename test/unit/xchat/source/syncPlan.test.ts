import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationsToRead, directChatId, listChanges, membersOf } from '../../../../src/xchat/source/syncPlan';

describe('X Chat sync plan', () => {
  test('only conversations whose updated_at moved (or was never read, or is unknown) are read', () => {
    const listed = [
      { id: '1-2', updated_at: 1000 },
      { id: '1-3', updated_at: 2000 },
      { id: 'g44', updated_at: 3000 },
      { id: '1-5' },
    ];
    const seen = new Map([['1-2', 1000], ['1-3', 1500], ['1-5', 10]]);
    assert.deepEqual(conversationsToRead(listed, seen), ['1-3', 'g44', '1-5']);
    assert.deepEqual(conversationsToRead(listed.slice(0, 1), seen), [], 'unchanged: nothing to read');
    assert.deepEqual(conversationsToRead([{ id: '1-2', updated_at: 900 }], seen), ['1-2'], 'moved backwards is a change too');
  });

  test('members: listed participants, else both halves of a 1:1 id; always us', () => {
    assert.deepEqual(membersOf({ id: 'g1', participant_ids: ['7', '8'] }, 'g1', '9'), ['7', '8', '9']);
    assert.deepEqual(membersOf(undefined, '9-12', '9'), ['9', '12']);
    assert.deepEqual(membersOf(undefined, 'g5', '9'), ['9']);
  });

  test('the 1:1 id puts the numerically smaller user first (not the string order)', () => {
    assert.equal(directChatId('1849302175620384768', '783214'), '783214-1849302175620384768');
    assert.equal(directChatId('9', '10'), '9-10');
  });

  test('list changes: new, gone and changed rows; an identical listing changes nothing', () => {
    const before = [{ id: '1-2', updated_at: 1 }, { id: '1-3', updated_at: 2 }, { id: 'g4', updated_at: 3 }];
    assert.deepEqual(listChanges(before, before.map((c) => ({ ...c }))), []);
    const after = [{ id: '1-2', updated_at: 5 }, { id: 'g4', updated_at: 3 }, { id: '1-9', updated_at: 6 }];
    assert.deepEqual(listChanges(before, after), ['1-2', '1-9', '1-3']);
  });
});
