import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EncryptionEngine } from '../../../src/xchat/engine/engine';
import { unlockWithBackup } from '../../../src/xchat/engine/unlock';
import { KeyBackupDouble } from '../../xchat/keyBackupDouble';
import { utf8 } from '../../xchat/engineWorker';

/** Passcode-guess accounting: one guess per unlock, what is left reported, the passcode buffer always zeroed. */

const identity = { userId: '1849302175620384768', signingKeyVersion: '1795968701575' };

function recordingEngine(): { engine: EncryptionEngine; sent: { op: string; keyMaterial?: Uint8Array }[] } {
  const sent: { op: string; keyMaterial?: Uint8Array }[] = [];
  const engine = {
    request: async (body: { op: string; keyMaterial?: Uint8Array }) => {
      sent.push({ op: body.op, keyMaterial: body.keyMaterial && new Uint8Array(body.keyMaterial) });
      return { unlocked: true };
    },
  } as unknown as EncryptionEngine;
  return { engine, sent };
}

test('wrong passcodes count down, the last one destroys the backup, and nothing reaches the engine', async () => {
  const backup = new KeyBackupDouble('4821', new Uint8Array([7, 7, 7]), 3);
  const { engine, sent } = recordingEngine();
  const outcomes = [];
  for (const guess of ['1111', '2222', '3333', '4821']) outcomes.push(await unlockWithBackup(engine, backup, identity, utf8(guess)));
  assert.deepEqual(outcomes, [
    { status: 'wrongPasscode', guessesRemaining: 2 },
    { status: 'wrongPasscode', guessesRemaining: 1 },
    { status: 'wrongPasscode', guessesRemaining: 0 },
    { status: 'noBackup' },
  ]);
  assert.equal(backup.guesses, 4);
  assert.deepEqual(sent, []);
});

test('a right passcode after a wrong one resets the count and hands the material over once', async () => {
  const backup = new KeyBackupDouble('4821', new Uint8Array([1, 2, 3]), 3);
  const { engine, sent } = recordingEngine();
  assert.equal((await unlockWithBackup(engine, backup, identity, utf8('0000'))).status, 'wrongPasscode');
  const passcode = utf8('4821');
  assert.deepEqual(await unlockWithBackup(engine, backup, identity, passcode), { status: 'unlocked' });
  assert.deepEqual(passcode, new Uint8Array(4), 'the passcode buffer is zeroed');
  assert.deepEqual(sent, [{ op: 'setIdentity', keyMaterial: new Uint8Array([1, 2, 3]) }]);
  assert.deepEqual(await unlockWithBackup(engine, backup, identity, utf8('1111')), { status: 'wrongPasscode', guessesRemaining: 2 });
});
