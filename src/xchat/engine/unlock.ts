import type { EncryptionEngine } from './engine';
import type { KeyBackup } from './keyBackup';
import type { UnlockOutcome } from './protocol';

/**
 * Unlocking with a key backup that runs in the host (a test double, or any `KeyBackup`): recover, then hand the
 * material to the worker (moved, not copied). The passcode buffer is zeroed here whatever happens.
 */
export async function unlockWithBackup(
  engine: EncryptionEngine,
  backup: KeyBackup,
  identity: { userId: string; signingKeyVersion: string },
  passcode: Uint8Array,
): Promise<UnlockOutcome> {
  let outcome;
  try {
    outcome = await backup.recover(passcode);
  } finally {
    passcode.fill(0);
  }
  if (outcome.status !== 'recovered') return outcome;
  // A buffer of its own, so the transfer moves exactly the key bytes and nothing else of the backup's memory.
  const material = new Uint8Array(outcome.keyMaterial);
  outcome.keyMaterial.fill(0);
  try {
    await engine.request({ op: 'setIdentity', ...identity, keyMaterial: material }, [material.buffer]);
  } finally {
    if (material.byteLength) material.fill(0); // still ours only if the transfer did not happen
  }
  return { status: 'unlocked' };
}

/**
 * Unlocking with X's Juicebox realms, which run inside the worker (their token callback is a global, and the host
 * is shared with other extensions): the passcode is moved there and the caller's buffer zeroed.
 */
export async function unlockWithJuicebox(
  engine: EncryptionEngine,
  juiceboxConfig: Record<string, unknown>,
  identity: { userId: string; signingKeyVersion: string },
  passcode: Uint8Array,
): Promise<UnlockOutcome> {
  const moved = new Uint8Array(passcode);
  passcode.fill(0);
  return engine.request({ op: 'unlockWithJuicebox', ...identity, juiceboxConfig, passcode: moved }, [moved.buffer]);
}
