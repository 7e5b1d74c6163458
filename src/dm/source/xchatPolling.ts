import type { SyncReason, XChatStatus } from '../dmService';
import { Emitter, type Disposable, type Event } from '../../util/events';
import type { Logger } from '../../util/logger';
import type { XChatSession } from '../../xchat/source/xchatSession';
import type { XChatSource } from '../../xchat/source/xchatSource';

export interface XChatPollingDeps {
  source: XChatSource;
  session: XChatSession;
  logger: Logger;
  online: () => boolean;
}

/**
 * When X Chat is asked anything, so that it costs nothing to accounts without keys and little while locked:
 * - after the service's first legacy sync, one request for the account's own public-key record (the keys probe);
 *   no keys → nothing more in this window (an unlock attempt reads the record again);
 * - locked with keys: the conversation list only (who and when, one request per 50 conversations) at the probe,
 *   on a manual refresh and right after an unlock or a lock, never on a poll tick;
 * - unlocked: a sync on every legacy poll tick and refresh (one request when nothing changed).
 * An `unavailable` probe is asked again on a manual refresh. After `dispose` nothing is asked and the keys are gone.
 */
export class XChatPolling implements Disposable {
  private probed = false;
  /** The keys probe answered, or the user's unlock said more: `unknown` no longer. */
  private known = false;
  /** The account has X Chat keys (the probe found them, or an unlock got as far as the passcode). */
  private hasKeys = false;
  private last: XChatStatus;
  private disposed = false;
  private readonly changed = new Emitter<XChatStatus>();
  readonly onDidChangeState: Event<XChatStatus> = this.changed.event;
  private readonly sessionSub: Disposable;

  constructor(private readonly deps: XChatPollingDeps) {
    this.last = this.state;
    this.sessionSub = deps.session.onDidChangeState((s) => {
      if (s.status !== 'locked') this.known = true;
      if (s.status === 'unlocked' || s.status === 'wrongPasscode') this.hasKeys = true;
      this.announce();
    });
  }

  get state(): XChatStatus {
    const state = this.deps.session.state;
    return !this.known && state.status === 'locked' ? { status: 'unknown' } : state;
  }

  async unlock(passcode: Uint8Array): Promise<XChatStatus> {
    if (this.disposed) {
      passcode.fill(0);
      return this.state;
    }
    const state = await this.deps.session.unlock(passcode);
    if (state.status === 'unlocked') await this.sync('manual');
    return this.state;
  }

  async lock(): Promise<void> {
    // An account without keys has nothing to lock; "locked" would hide that keys are set up in X's app.
    if (this.deps.session.state.status === 'noKeys') return;
    await this.deps.session.lock();
    // The rows stay, as locked ones: refresh who and when once.
    if (this.hasKeys) await this.sync('manual');
  }

  /** Keys may have been set up in X's app since the probe said none: the user's Unlock looks again first. */
  async recheckKeys(): Promise<XChatStatus> {
    const status = this.deps.session.state.status;
    if (!this.disposed && (status === 'noKeys' || status === 'unavailable')) await this.probe();
    return this.state;
  }

  async afterSync(reason: SyncReason): Promise<void> {
    if (this.disposed || !this.deps.online()) return;
    const status = this.deps.session.state.status;
    if (!this.probed || (reason === 'manual' && status === 'unavailable')) return this.probe();
    if (status === 'unlocked') return this.sync(reason);
    if (reason === 'manual' && this.hasKeys && status !== 'unlocking') return this.sync(reason);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sessionSub.dispose();
    this.changed.dispose();
    void this.deps.session.lock();
  }

  private async probe(): Promise<void> {
    this.probed = true;
    const state = await this.deps.session.probe();
    this.known = true;
    this.announce();
    if (state.status !== 'locked') return;
    this.hasKeys = true;
    await this.sync('startup');
  }

  private async sync(reason: SyncReason): Promise<void> {
    if (this.disposed) return;
    const outcome = await this.deps.source.sync(reason);
    const { phase, message } = this.deps.source.syncState;
    // The status bar stays the legacy one; an X Chat failure is logged (no text from X in it, only our words).
    if (!outcome.skipped && (phase === 'error' || phase === 'offline')) this.deps.logger.warn(`X Chat sync: ${phase}${message ? ` (${message})` : ''}`);
  }

  private announce(): void {
    const next = this.state;
    if (JSON.stringify(next) === JSON.stringify(this.last)) return;
    this.last = next;
    this.changed.fire(next);
  }
}
