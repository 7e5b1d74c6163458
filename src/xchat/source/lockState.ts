import type { UnlockOutcome } from '../engine/protocol';

/**
 * Whether X Chat's keys are in memory, as a pure state machine. `unlocking` admits no second attempt (a passcode
 * guess is a scarce resource: the backup destroys the keys after a limit), and no state leads anywhere on its own:
 * only the user's unlock or lock moves it.
 */
export type LockState =
  | { status: 'locked' }
  | { status: 'unlocking' }
  | { status: 'unlocked' }
  /** `guessesLeft` is what the backup reported; absent when it did not say. */
  | { status: 'wrongPasscode'; guessesLeft?: number }
  /** The account has no X Chat keys, or the backup no longer holds them: keys are set up in X's app. */
  | { status: 'noKeys' }
  /** The backup or X could not be reached; trying again later may work. */
  | { status: 'unavailable' };

export type LockEvent =
  | { type: 'unlockStarted' }
  | { type: 'noKeys' }
  | { type: 'unavailable' }
  | { type: 'outcome'; outcome: UnlockOutcome }
  | { type: 'locked' }
  /** The answer to "does this account have X Chat keys?" (our own public-key record), asked without a passcode. */
  | { type: 'probed'; keys: 'some' | 'none' | 'unknown' };

/** Where an unlock attempt may start: anywhere but while one runs or the keys are already in memory. */
export function canStartUnlock(state: LockState): boolean {
  return state.status !== 'unlocking' && state.status !== 'unlocked';
}

export function nextLockState(state: LockState, event: LockEvent): LockState {
  switch (event.type) {
    case 'locked':
      return { status: 'locked' };
    case 'unlockStarted':
      return canStartUnlock(state) ? { status: 'unlocking' } : state;
    case 'probed':
      // Only where no attempt told the user something better: a wrong passcode keeps its guess count.
      if (state.status !== 'locked' && state.status !== 'noKeys' && state.status !== 'unavailable') return state;
      return probed(state, event.keys === 'some' ? 'locked' : event.keys === 'none' ? 'noKeys' : 'unavailable');
    default:
      // A result belongs to an attempt; one arriving after a lock (or without an attempt) changes nothing.
      if (state.status !== 'unlocking') return state;
      if (event.type === 'noKeys') return { status: 'noKeys' };
      if (event.type === 'unavailable') return { status: 'unavailable' };
      return fromOutcome(event.outcome);
  }
}

/** The same state object when nothing changed, so no change is announced. */
function probed(state: LockState, status: 'locked' | 'noKeys' | 'unavailable'): LockState {
  return state.status === status ? state : { status };
}

function fromOutcome(outcome: UnlockOutcome): LockState {
  switch (outcome.status) {
    case 'unlocked':
      return { status: 'unlocked' };
    case 'wrongPasscode':
      return outcome.guessesRemaining === undefined ? { status: 'wrongPasscode' } : { status: 'wrongPasscode', guessesLeft: outcome.guessesRemaining };
    case 'noBackup':
      return { status: 'noKeys' };
    case 'unavailable':
      return { status: 'unavailable' };
  }
}

/** Asked to read or write encrypted chats while their keys are locked away. */
export class XChatLockedError extends Error {
  constructor() {
    super('Encrypted chats are locked: unlock them with your X Chat passcode first.');
  }
}
