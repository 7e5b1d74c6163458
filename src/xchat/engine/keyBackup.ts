/**
 * Where X Chat private keys come back from: the user's passcode goes in, the key material (the Chat XDK's private
 * key state) comes out, or why not. A wrong passcode reports how many guesses remain, because the backup destroys
 * the keys after the last one; callers never retry on their own.
 */

export type RecoverOutcome =
  | { status: 'recovered'; keyMaterial: Uint8Array }
  | { status: 'wrongPasscode'; guessesRemaining?: number }
  /** No backup, or it was destroyed after too many wrong guesses. */
  | { status: 'noBackup' }
  /** The backup could not be reached or refused the request (network, auth, rate limit). */
  | { status: 'unavailable' };

export interface KeyBackup {
  /** Recovers with `passcode`; the caller owns and zeroes the passcode buffer. */
  recover(passcode: Uint8Array): Promise<RecoverOutcome>;
}
