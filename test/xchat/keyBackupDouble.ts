import type { KeyBackup, RecoverOutcome } from '../../src/xchat/engine/keyBackup';

/**
 * Juicebox stand-in for tests (the real realms cannot run locally): hands over the key material for the right
 * passcode, counts every guess, and destroys the material after `maxGuesses` wrong ones in a row, as Juicebox does.
 */
export class KeyBackupDouble implements KeyBackup {
  guesses = 0;
  private wrongInARow = 0;
  private material: Uint8Array | undefined;

  constructor(
    private readonly passcode: string,
    material: Uint8Array,
    private readonly maxGuesses = 10,
  ) {
    this.material = new Uint8Array(material);
  }

  async recover(passcode: Uint8Array): Promise<RecoverOutcome> {
    this.guesses++;
    if (!this.material) return { status: 'noBackup' };
    if (Buffer.from(passcode).toString('utf8') === this.passcode) {
      this.wrongInARow = 0;
      return { status: 'recovered', keyMaterial: new Uint8Array(this.material) };
    }
    this.wrongInARow++;
    const left = this.maxGuesses - this.wrongInARow;
    if (left <= 0) {
      this.material.fill(0);
      this.material = undefined;
    }
    return { status: 'wrongPasscode', guessesRemaining: Math.max(0, left) };
  }
}
