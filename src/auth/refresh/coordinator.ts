import type { Clock } from '../../util/clock';
import type { Disposable } from '../../util/events';
import type { Logger } from '../../util/logger';
import { issuingOrigin } from '../endpointPolicy';
import { AuthError, isAuthError } from '../errors/authError';
import type { OAuth2Session, StoredSession } from '../sessions/session';
import type { SessionStore, SessionTransaction } from '../sessions/store';
import { EXPIRY_MARGIN_MS, backoffDelay, describeRefreshError as describe, proactiveDelay } from './schedule';
import { LeaseTimeoutError } from '../sessions/sharedState';
import { SignedInElsewhereError } from '../errors/authError';
import type { TokenClient } from '../flows/tokenClient';

export interface RefreshCoordinatorDeps {
  store: Pick<SessionStore, 'get' | 'all' | 'reload' | 'exclusive' | 'onDidChange'>;
  tokens: Pick<TokenClient, 'refresh'>;
  clock: Clock;
  log: Logger;
  /** The refresh token is dead (invalid_grant): the session was removed; ask the user to sign in again. */
  onExpired(session: OAuth2Session): void;
  /** Another window renewed the session and this one cannot see the new tokens: offer to reload (once). */
  onSignedInElsewhere?(session: OAuth2Session): void;
  /** Delays between retries after network errors or 5xx; the last one repeats. */
  backoffMs?: readonly number[];
  /** 0..1, spreads the proactive refresh (see schedule.ts). */
  jitter?: () => number;
  /** How long another window's write may take to reach this window's SecretStorage (also after invalid_grant). */
  invalidGrantGraceMs?: number;
}

/** A 401 right after a refresh belongs to a request that left with the old token: retry, don't refresh again. */
const RECENT_REFRESH_MS = 5_000;

/**
 * Keeps OAuth 2.0 access tokens fresh (ahead of time, on expiry, once after a 401). X refresh tokens are single-use,
 * so a refresh runs under the machine-wide lease and persists the rotated pair before handing it out (ADR 006).
 */
export class RefreshCoordinator implements Disposable {
  private readonly inflight = new Map<string, Promise<OAuth2Session>>();
  private readonly timers = new Map<string, Disposable>();
  private readonly failures = new Map<string, number>();
  private readonly lastRefreshAt = new Map<string, number>();
  private readonly expiredNotified = new Set<string>();
  private readonly elsewhereNotified = new Set<string>();
  private readonly subscription: Disposable;
  private disposed = false;

  constructor(private readonly deps: RefreshCoordinatorDeps) {
    this.subscription = deps.store.onDidChange(({ added, changed, removed }) => {
      for (const session of removed) this.cancelTimer(session.id);
      for (const session of [...added, ...changed]) this.schedule(session);
    });
    for (const session of deps.store.all()) this.schedule(session);
  }

  /** A valid access token for the session, refreshing first when it is (nearly) expired. */
  async accessToken(sessionId: string): Promise<string> {
    const session = this.oauth2(sessionId);
    if (this.deps.clock.now() < session.expiresAt - EXPIRY_MARGIN_MS) return session.accessToken;
    return (await this.refresh(sessionId)).accessToken;
  }

  /** After a 401: true when a new token is ready and the request may be retried once; false when not renewed. */
  async refreshAfterUnauthorized(sessionId: string, failedToken?: string): Promise<boolean> {
    const session = this.deps.store.get(sessionId);
    if (!session || session.kind !== 'oauth2') return false;
    if (failedToken !== undefined && session.accessToken !== failedToken) return true;
    const last = this.lastRefreshAt.get(sessionId);
    if (!this.inflight.has(sessionId) && last !== undefined && this.deps.clock.now() - last < RECENT_REFRESH_MS) {
      return true;
    }
    try {
      return (await this.refresh(sessionId, true)).accessToken !== session.accessToken;
    } catch (error) {
      if (error instanceof SignedInElsewhereError) throw error;
      this.deps.log.warn(`Refresh after 401 failed: ${describe(error)}`);
      return false;
    }
  }

  /** Single-flight refresh of one session; concurrent callers share the same promise. */
  refresh(sessionId: string, tokenRefused = false): Promise<OAuth2Session> {
    let running = this.inflight.get(sessionId);
    if (!running) {
      // What this window held when it decided to refresh: another window's newer token differs from it.
      const seen = this.deps.store.get(sessionId);
      running = this.leased(sessionId, seen, tokenRefused).finally(() => this.inflight.delete(sessionId));
      this.inflight.set(sessionId, running);
    }
    return running;
  }

  private async leased(sessionId: string, seen: StoredSession | undefined, tokenRefused: boolean): Promise<OAuth2Session> {
    try {
      return await this.deps.store.exclusive((tx) => this.doRefresh(tx, sessionId, seen, tokenRefused));
    } catch (error) {
      if (!(error instanceof LeaseTimeoutError)) throw error;
      const busy = new AuthError('busy', 'Another window holds the X session lease.', { cause: error });
      const session = this.deps.store.get(sessionId);
      if (session?.kind === 'oauth2') this.retryLater(session, busy);
      throw busy;
    }
  }

  private async doRefresh(
    tx: SessionTransaction,
    sessionId: string,
    before: StoredSession | undefined,
    tokenRefused: boolean,
  ): Promise<OAuth2Session> {
    const stale = await this.settle(tx);
    const current = this.oauth2(sessionId);
    const now = this.deps.clock.now();
    if (before?.kind === 'oauth2' && before.accessToken !== current.accessToken && now < current.expiresAt - EXPIRY_MARGIN_MS) {
      this.deps.log.info('Another window already refreshed the X session.');
      return current;
    }
    if (stale) return this.elsewhere(current, tokenRefused);
    if (!current.refreshToken) {
      await this.expire(tx, current, 'no refresh token (offline.access not granted)');
      throw new AuthError('sessionGone', 'The X session expired.');
    }
    let tokens;
    try {
      tokens = await this.deps.tokens.refresh({ refreshToken: current.refreshToken, clientId: current.clientId, origin: issuingOrigin(current) });
    } catch (error) {
      if (isAuthError(error, 'oauth')) {
        // Windows of this machine wait for the lease, so this is another device, a revoked grant, or a window
        // of an older build; the latter's write may still be on its way.
        const after = await this.settle(tx, true);
        const latest = this.deps.store.get(sessionId);
        if (latest?.kind === 'oauth2' && latest.refreshToken !== current.refreshToken) {
          this.deps.log.info('Another window refreshed the X session first; using its tokens.');
          return latest;
        }
        if (after) return this.elsewhere(current, true);
        await this.expire(tx, current, error.oauthError ?? 'oauth error');
        throw new AuthError('sessionGone', 'The X session expired.', { oauthError: error.oauthError, cause: error });
      }
      this.retryLater(current, error);
      throw error;
    }
    const issuedAt = this.deps.clock.now();
    const next: OAuth2Session = {
      ...current,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? current.refreshToken,
      scopes: tokens.scopes.length > 0 ? tokens.scopes : current.scopes,
      issuedAt,
      expiresAt: issuedAt + tokens.expiresIn * 1000,
    };
    // Persist first, unconditionally: the old refresh token is already dead at X.
    this.failures.delete(sessionId);
    this.cancelTimer(sessionId);
    await tx.upsert(next, { checked: false });
    this.lastRefreshAt.set(sessionId, issuedAt);
    this.elsewhereNotified.delete(sessionId);
    this.deps.log.info(`Refreshed the X session of @${next.username}.`);
    return next;
  }

  /** Re-reads SecretStorage; when it lags behind another window's write, waits once for it to arrive. */
  private async settle(tx: SessionTransaction, always = false): Promise<boolean> {
    const grace = this.deps.invalidGrantGraceMs ?? 3_000;
    let stale = await tx.stale();
    if ((stale || always) && grace > 0) {
      await new Promise<void>((resolve) => this.deps.clock.setTimeout(resolve, grace));
      stale = await tx.stale();
    }
    return stale;
  }

  /**
   * Another window holds newer tokens this window cannot read. The refresh token here is spent: never use it,
   * never delete the session. The access token still works until it expires (X does not revoke it on refresh).
   */
  private elsewhere(current: OAuth2Session, tokenRefused: boolean): OAuth2Session {
    const left = current.expiresAt - EXPIRY_MARGIN_MS - this.deps.clock.now();
    if (!tokenRefused && left > 0) {
      this.deps.log.info('Another window renewed the X session; this window keeps its token until it expires.');
      this.setTimer(current.id, left);
      return current;
    }
    this.deps.log.warn('Another window renewed the X session; this window needs a reload to use the new tokens.');
    const announce = !this.elsewhereNotified.has(current.id);
    if (announce) {
      this.elsewhereNotified.add(current.id);
      this.deps.onSignedInElsewhere?.(current);
    }
    throw new SignedInElsewhereError(announce && this.deps.onSignedInElsewhere !== undefined);
  }

  private oauth2(sessionId: string): OAuth2Session {
    const session = this.deps.store.get(sessionId);
    if (!session || session.kind !== 'oauth2') throw new AuthError('sessionGone', 'This X session no longer exists.');
    return session;
  }

  private async expire(tx: SessionTransaction, session: OAuth2Session, reason: string): Promise<void> {
    this.deps.log.warn(`The X session of @${session.username} can no longer be refreshed (${reason}); removing it.`);
    this.cancelTimer(session.id);
    await tx.remove(session.id);
    if (!this.expiredNotified.has(session.id)) {
      this.expiredNotified.add(session.id);
      this.deps.onExpired(session);
    }
  }

  /** Network errors and 5xx keep the session; try again later, further apart each time. */
  private retryLater(session: OAuth2Session, error: unknown): void {
    const attempt = (this.failures.get(session.id) ?? 0) + 1;
    this.failures.set(session.id, attempt);
    const delay = backoffDelay(attempt, this.deps.backoffMs);
    this.deps.log.warn(`Refreshing the X session failed (${describe(error)}); retrying in ${Math.round(delay / 1000)} s.`);
    this.setTimer(session.id, delay);
  }

  private schedule(session: StoredSession): void {
    if (session.kind !== 'oauth2' || !session.refreshToken) return;
    if (this.failures.has(session.id) && this.timers.has(session.id)) return;
    this.setTimer(session.id, proactiveDelay(session, this.deps.clock.now(), this.deps.jitter));
  }

  private setTimer(sessionId: string, delayMs: number): void {
    if (this.disposed) return;
    this.cancelTimer(sessionId);
    const timer = this.deps.clock.setTimeout(() => {
      this.timers.delete(sessionId);
      this.refresh(sessionId).catch((error) => {
        if (!isAuthError(error, 'sessionGone') && !(error instanceof SignedInElsewhereError)) this.deps.log.debug(`Scheduled refresh failed: ${describe(error)}`);
      });
    }, delayMs);
    this.timers.set(sessionId, timer);
  }

  private cancelTimer(sessionId: string): void {
    this.timers.get(sessionId)?.dispose();
    this.timers.delete(sessionId);
  }

  /** VS Code calls this on deactivation (registerAuthentication pushes it to `context.subscriptions`). */
  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    for (const timer of this.timers.values()) timer.dispose();
    this.timers.clear();
  }
}
