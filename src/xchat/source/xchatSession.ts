import { NotFoundError } from '../../api/errors';
import { Emitter, type Disposable, type Event } from '../../util/events';
import type { PublicKeyRecord } from '../api/schemas';
import type { EncryptionEngine } from '../engine/engine';
import type { KeyBackup } from '../engine/keyBackup';
import type { UnlockOutcome } from '../engine/protocol';
import { unlockWithBackup, unlockWithJuicebox } from '../engine/unlock';
import { canStartUnlock, nextLockState, type LockEvent, type LockState } from './lockState';

/** Recovers the keys into `engine` with the passcode; zeroes the passcode whatever happens. */
export type Unlocker = (
  engine: EncryptionEngine,
  identity: { userId: string; signingKeyVersion: string },
  ownRecord: PublicKeyRecord,
  passcode: Uint8Array,
) => Promise<UnlockOutcome>;

/** A backup that runs in the host (tests use `KeyBackupDouble`). */
export function backupUnlocker(backup: KeyBackup): Unlocker {
  return (engine, identity, _record, passcode) => unlockWithBackup(engine, backup, identity, passcode);
}

/** X's Juicebox realms, configured by the user's own public-key record; run inside the worker (ADR 016). */
export const juiceboxUnlocker: Unlocker = async (engine, identity, record, passcode) => {
  if (!record.juicebox_config) {
    passcode.fill(0);
    return { status: 'noBackup' };
  }
  return unlockWithJuicebox(engine, record.juicebox_config, identity, passcode);
};

export interface XChatSessionDeps {
  meId: string;
  /** The signed-in user's public-key records, newest first (`ChatApi.myPublicKeys`). */
  ownKeys: () => Promise<PublicKeyRecord[]>;
  /** A fresh, locked engine; the session disposes it on lock or on a failed unlock. */
  newEngine: () => EncryptionEngine;
  unlocker: Unlocker;
}

/**
 * The unlocked X Chat engine of one account, or why there is none. The passcode is taken once per user action,
 * zeroed here on every path and never kept; a failed attempt is never repeated by this class, and it never creates
 * or resets keys. `lock` ends the worker, so keys and conversation keys are gone with it.
 */
export class XChatSession implements Disposable {
  private current: LockState = { status: 'locked' };
  private engineInUse: EncryptionEngine | undefined;
  /** Bumped by `lock`: an attempt that finishes after it is thrown away. */
  private attempt = 0;
  private readonly changed = new Emitter<LockState>();
  readonly onDidChangeState: Event<LockState> = this.changed.event;

  constructor(private readonly deps: XChatSessionDeps) {}

  get state(): LockState {
    return this.current;
  }

  /** The engine while unlocked; undefined otherwise. */
  get engine(): EncryptionEngine | undefined {
    return this.current.status === 'unlocked' ? this.engineInUse : undefined;
  }

  async unlock(passcode: Uint8Array): Promise<LockState> {
    if (!canStartUnlock(this.current)) {
      passcode.fill(0);
      return this.current;
    }
    const attempt = ++this.attempt;
    this.move({ type: 'unlockStarted' });
    let own: PublicKeyRecord | undefined;
    try {
      [own] = await this.deps.ownKeys();
    } catch (error) {
      passcode.fill(0);
      return this.settle(attempt, error instanceof NotFoundError ? { type: 'noKeys' } : { type: 'unavailable' });
    }
    if (!own) {
      passcode.fill(0);
      return this.settle(attempt, { type: 'noKeys' });
    }
    const engine = this.deps.newEngine();
    let outcome: UnlockOutcome;
    try {
      outcome = await this.deps.unlocker(engine, { userId: this.deps.meId, signingKeyVersion: own.public_key_version }, own, passcode);
    } catch {
      outcome = { status: 'unavailable' };
    } finally {
      passcode.fill(0);
    }
    if (outcome.status !== 'unlocked' || attempt !== this.attempt) {
      await engine.dispose();
      return this.settle(attempt, { type: 'outcome', outcome });
    }
    this.engineInUse = engine;
    return this.settle(attempt, { type: 'outcome', outcome });
  }

  /**
   * Whether the account has X Chat keys, from our own public-key record (one request, no passcode, no engine):
   * none or 404 → `noKeys`, some → stays `locked`, X unreachable → `unavailable`. An answer that arrives after an
   * unlock started or a lock is dropped.
   */
  async probe(): Promise<LockState> {
    const attempt = this.attempt;
    let keys: 'some' | 'none' | 'unknown';
    try {
      keys = (await this.deps.ownKeys()).length > 0 ? 'some' : 'none';
    } catch (error) {
      keys = error instanceof NotFoundError ? 'none' : 'unknown';
    }
    return this.settle(attempt, { type: 'probed', keys });
  }

  /** Forgets the keys: the worker is told to lock, then ended. */
  async lock(): Promise<void> {
    this.attempt++;
    const engine = this.engineInUse;
    this.engineInUse = undefined;
    this.move({ type: 'locked' });
    await engine?.dispose();
  }

  dispose(): void {
    void this.lock();
    this.changed.dispose();
  }

  private settle(attempt: number, event: LockEvent): LockState {
    if (attempt === this.attempt) this.move(event);
    return this.current;
  }

  private move(event: LockEvent): void {
    const next = nextLockState(this.current, event);
    if (next === this.current) return;
    this.current = next;
    this.changed.fire(next);
  }
}
