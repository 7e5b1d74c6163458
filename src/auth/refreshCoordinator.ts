import { randomInt } from 'node:crypto';
import type { Clock } from '../util/clock';
import type { Disposable } from '../util/events';
import type { Logger } from '../util/logger';
import { issuingOrigin } from './endpointPolicy';
import { AuthError, isAuthError } from './errors/authError';
import type { OAuth2Session, StoredSession } from './sessionDocument';
import type { SessionStore } from './sessionStore';
import type { TokenClient } from './tokenClient';

export interface RefreshCoordinatorDeps {
  store: Pick<SessionStore, 'get' | 'all' | 'reload' | 'upsert' | 'remove' | 'onDidChange'>;
  tokens: Pick<TokenClient, 'refresh'>;
  clock: Clock;
  log: Logger;
  /** The refresh token is dead (invalid_grant): the session was removed; ask the user to sign in again. */
  onExpired(session: OAuth2Session): void;
  /** Delays between retries after network errors or 5xx; the last one repeats. */
  backoffMs?: readonly number[];
  /**
   * 0..1, spreads the proactive refresh over the twelfth of the lifetime after the two-thirds point, so that
   * several windows holding the same session do not all spend the single-use refresh token at the same moment.
   */
  jitter?: () => number;
  /**
   * After invalid_grant, how long to wait for another window's rotated pair to reach SecretStorage before the
   * session is declared dead (0: decide at once).
   */
  invalidGrantGraceMs?: number;
}

/** Refresh this long before expiry when a request needs a token (clock skew, slow requests). */
const EXPIRY_MARGIN_MS = 60_000;
/** A 401 right after a refresh belongs to a request that left with the old token: retry, don't refresh again. */
const RECENT_REFRESH_MS = 5_000;
const DEFAULT_BACKOFF_MS = [5_000, 30_000, 120_000, 600_000] as const;

/**
 * Keeps OAuth 2.0 sessions' access tokens fresh: ahead of time (at two thirds of their lifetime), when a request
 * finds the token expired, and once after a 401. X refresh tokens are single-use, so at most one refresh per
 * session is in flight in this extension host, the latest stored document is re-read first (another window may
 * already have rotated it), and the rotated pair is persisted before the new access token is handed to anyone.
 */
export class RefreshCoordinator implements Disposable {
  private readonly inflight = new Map<string, Promise<OAuth2Session>>();
  private readonly timers = new Map<string, Disposable>();
  private readonly failures = new Map<string, number>();
  private readonly lastRefreshAt = new Map<string, number>();
  private readonly expiredNotified = new Set<string>();
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

  /**
   * After a 401: true when a new token is ready (refreshed now, by a concurrent caller, or by another window) and
   * the request may be retried once; false when the session could not be refreshed.
   */
  async refreshAfterUnauthorized(sessionId: string, failedToken?: string): Promise<boolean> {
    const session = this.deps.store.get(sessionId);
    if (!session || session.kind !== 'oauth2') return false;
    if (failedToken !== undefined && session.accessToken !== failedToken) return true;
    const last = this.lastRefreshAt.get(sessionId);
    if (!this.inflight.has(sessionId) && last !== undefined && this.deps.clock.now() - last < RECENT_REFRESH_MS) {
      return true;
    }
    try {
      await this.refresh(sessionId);
      return true;
    } catch (error) {
      this.deps.log.warn(`Refresh after 401 failed: ${describe(error)}`);
      return false;
    }
  }

  /** Single-flight refresh of one session; concurrent callers share the same promise. */
  refresh(sessionId: string): Promise<OAuth2Session> {
    let running = this.inflight.get(sessionId);
    if (!running) {
      running = this.doRefresh(sessionId).finally(() => this.inflight.delete(sessionId));
      this.inflight.set(sessionId, running);
    }
    return running;
  }

  private async doRefresh(sessionId: string): Promise<OAuth2Session> {
    const before = this.deps.store.get(sessionId);
    await this.deps.store.reload();
    const current = this.oauth2(sessionId);
    const now = this.deps.clock.now();
    if (
      before?.kind === 'oauth2' &&
      before.accessToken !== current.accessToken &&
      now < current.expiresAt - EXPIRY_MARGIN_MS
    ) {
      this.deps.log.info('Another window already refreshed the X session.');
      return current;
    }
    if (!current.refreshToken) {
      await this.expire(current, 'no refresh token (offline.access not granted)');
      throw new AuthError('sessionGone', 'The X session expired.');
    }
    let tokens;
    try {
      tokens = await this.deps.tokens.refresh({ refreshToken: current.refreshToken, clientId: current.clientId, origin: issuingOrigin(current) });
    } catch (error) {
      if (isAuthError(error, 'oauth')) {
        // The refresh token may have been rotated by another window between our read and X's answer.
        const rotated = await this.rotatedElsewhere(sessionId, current);
        if (rotated) return rotated;
        await this.expire(current, error.oauthError ?? 'oauth error');
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
    // Persist first: the old refresh token is already dead at X, losing the new one would lose the session.
    this.failures.delete(sessionId);
    this.cancelTimer(sessionId);
    await this.deps.store.upsert(next);
    this.lastRefreshAt.set(sessionId, issuedAt);
    this.deps.log.info(`Refreshed the X session of @${next.username}.`);
    return next;
  }

  /** Another window may have spent the refresh token first; its write can lag X's answer by a moment. */
  private async rotatedElsewhere(sessionId: string, used: OAuth2Session): Promise<OAuth2Session | undefined> {
    const grace = this.deps.invalidGrantGraceMs ?? 3_000;
    for (const wait of grace > 0 ? [0, grace] : [0]) {
      if (wait > 0) await new Promise<void>((resolve) => this.deps.clock.setTimeout(resolve, wait));
      await this.deps.store.reload();
      const latest = this.deps.store.get(sessionId);
      if (latest?.kind === 'oauth2' && latest.refreshToken !== used.refreshToken) {
        this.deps.log.info('Another window refreshed the X session first; using its tokens.');
        return latest;
      }
      if (!latest) return undefined;
    }
    return undefined;
  }

  private oauth2(sessionId: string): OAuth2Session {
    const session = this.deps.store.get(sessionId);
    if (!session || session.kind !== 'oauth2') throw new AuthError('sessionGone', 'This X session no longer exists.');
    return session;
  }

  private async expire(session: OAuth2Session, reason: string): Promise<void> {
    this.deps.log.warn(`The X session of @${session.username} can no longer be refreshed (${reason}); removing it.`);
    this.cancelTimer(session.id);
    await this.deps.store.remove(session.id);
    if (!this.expiredNotified.has(session.id)) {
      this.expiredNotified.add(session.id);
      this.deps.onExpired(session);
    }
  }

  /** Network errors and 5xx keep the session; try again later, further apart each time. */
  private retryLater(session: OAuth2Session, error: unknown): void {
    const backoff = this.deps.backoffMs ?? DEFAULT_BACKOFF_MS;
    const attempt = (this.failures.get(session.id) ?? 0) + 1;
    this.failures.set(session.id, attempt);
    const delay = backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 60_000;
    this.deps.log.warn(`Refreshing the X session failed (${describe(error)}); retrying in ${Math.round(delay / 1000)} s.`);
    this.setTimer(session.id, delay);
  }

  private schedule(session: StoredSession): void {
    if (session.kind !== 'oauth2' || !session.refreshToken) return;
    if (this.failures.has(session.id) && this.timers.has(session.id)) return;
    const lifetime = Math.max(0, session.expiresAt - session.issuedAt);
    const jitter = Math.min(1, Math.max(0, (this.deps.jitter ?? randomFraction)()));
    const due = session.issuedAt + (lifetime * 2) / 3 + (lifetime / 12) * jitter;
    this.setTimer(session.id, Math.max(0, due - this.deps.clock.now()));
  }

  private setTimer(sessionId: string, delayMs: number): void {
    if (this.disposed) return;
    this.cancelTimer(sessionId);
    const timer = this.deps.clock.setTimeout(() => {
      this.timers.delete(sessionId);
      this.refresh(sessionId).catch((error) => {
        if (!isAuthError(error, 'sessionGone')) this.deps.log.debug(`Scheduled refresh failed: ${describe(error)}`);
      });
    }, delayMs);
    this.timers.set(sessionId, timer);
  }

  private cancelTimer(sessionId: string): void {
    this.timers.get(sessionId)?.dispose();
    this.timers.delete(sessionId);
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    for (const timer of this.timers.values()) timer.dispose();
    this.timers.clear();
  }
}

function randomFraction(): number {
  return randomInt(0, 1_000_000) / 1_000_000;
}

function describe(error: unknown): string {
  if (isAuthError(error)) return `${error.kind}${error.oauthError ? ` ${error.oauthError}` : ''}${error.status ? ` ${error.status}` : ''}`;
  return error instanceof Error ? error.name : 'unknown error';
}
