import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canStartUnlock, nextLockState, type LockState } from '../../../../src/xchat/source/lockState';

const locked: LockState = { status: 'locked' };
const unlocking: LockState = { status: 'unlocking' };

describe('X Chat lock state machine', () => {
  test('locked → unlocking → each outcome', () => {
    assert.deepEqual(nextLockState(locked, { type: 'unlockStarted' }), unlocking);
    assert.deepEqual(nextLockState(unlocking, { type: 'outcome', outcome: { status: 'unlocked' } }), { status: 'unlocked' });
    assert.deepEqual(nextLockState(unlocking, { type: 'outcome', outcome: { status: 'wrongPasscode', guessesRemaining: 2 } }), { status: 'wrongPasscode', guessesLeft: 2 });
    assert.deepEqual(nextLockState(unlocking, { type: 'outcome', outcome: { status: 'wrongPasscode' } }), { status: 'wrongPasscode' }, 'no invented count');
    assert.deepEqual(nextLockState(unlocking, { type: 'outcome', outcome: { status: 'noBackup' } }), { status: 'noKeys' });
    assert.deepEqual(nextLockState(unlocking, { type: 'outcome', outcome: { status: 'unavailable' } }), { status: 'unavailable' });
    assert.deepEqual(nextLockState(unlocking, { type: 'noKeys' }), { status: 'noKeys' });
    assert.deepEqual(nextLockState(unlocking, { type: 'unavailable' }), { status: 'unavailable' });
  });

  test('no second attempt while one runs or when already unlocked; a failed one can be tried again by the user', () => {
    assert.equal(nextLockState(unlocking, { type: 'unlockStarted' }), unlocking);
    const unlocked: LockState = { status: 'unlocked' };
    assert.equal(nextLockState(unlocked, { type: 'unlockStarted' }), unlocked);
    for (const s of [locked, { status: 'wrongPasscode', guessesLeft: 1 }, { status: 'noKeys' }, { status: 'unavailable' }] as LockState[]) {
      assert.equal(canStartUnlock(s), true, s.status);
      assert.deepEqual(nextLockState(s, { type: 'unlockStarted' }), unlocking);
    }
    assert.equal(canStartUnlock(unlocking), false);
    assert.equal(canStartUnlock(unlocked), false);
  });

  test('an outcome without an attempt (it finished after a lock) changes nothing; lock always locks', () => {
    assert.equal(nextLockState(locked, { type: 'outcome', outcome: { status: 'unlocked' } }), locked);
    const wrong: LockState = { status: 'wrongPasscode', guessesLeft: 3 };
    assert.equal(nextLockState(wrong, { type: 'noKeys' }), wrong);
    for (const s of [unlocking, { status: 'unlocked' }, wrong] as LockState[]) assert.deepEqual(nextLockState(s, { type: 'locked' }), locked);
  });

  test('the keys probe: none → noKeys, some → stays locked, unknown → unavailable; never over an attempt or its answer', () => {
    assert.deepEqual(nextLockState(locked, { type: 'probed', keys: 'none' }), { status: 'noKeys' });
    assert.equal(nextLockState(locked, { type: 'probed', keys: 'some' }), locked, 'unchanged: no event');
    assert.deepEqual(nextLockState(locked, { type: 'probed', keys: 'unknown' }), { status: 'unavailable' });
    assert.deepEqual(nextLockState({ status: 'unavailable' }, { type: 'probed', keys: 'some' }), locked, 'a later probe can clear an outage');
    assert.deepEqual(nextLockState({ status: 'noKeys' }, { type: 'probed', keys: 'some' }), locked, 'keys set up in X’s app meanwhile');
    const wrong: LockState = { status: 'wrongPasscode', guessesLeft: 1 };
    for (const s of [unlocking, { status: 'unlocked' }, wrong] as LockState[]) {
      for (const keys of ['some', 'none', 'unknown'] as const) assert.equal(nextLockState(s, { type: 'probed', keys }), s, `${s.status} ← ${keys}`);
    }
  });
});
