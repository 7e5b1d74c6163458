import { randomInt } from 'node:crypto';
import { isAuthError } from '../errors/authError';
import type { OAuth2Session } from '../sessions/session';

/** Refresh this long before expiry when a request needs a token (clock skew, slow requests). */
export const EXPIRY_MARGIN_MS = 60_000;
export const DEFAULT_BACKOFF_MS = [5_000, 30_000, 120_000, 600_000] as const;

/**
 * When to renew ahead of time: at two thirds of the lifetime, spread over the following twelfth by `jitter` (0..1)
 * so that several windows holding the same session do not all queue for the lease at the same moment.
 */
export function proactiveDelay(session: OAuth2Session, now: number, jitter: () => number = randomFraction): number {
  const lifetime = Math.max(0, session.expiresAt - session.issuedAt);
  const spread = Math.min(1, Math.max(0, jitter()));
  return Math.max(0, session.issuedAt + (lifetime * 2) / 3 + (lifetime / 12) * spread - now);
}

/** The delay before retry number `attempt` (1-based); the last one repeats. */
export function backoffDelay(attempt: number, backoff: readonly number[] = DEFAULT_BACKOFF_MS): number {
  return backoff[Math.min(attempt - 1, backoff.length - 1)] ?? 60_000;
}

function randomFraction(): number {
  return randomInt(0, 1_000_000) / 1_000_000;
}

/** For log lines: what failed, never a token. */
export function describeRefreshError(error: unknown): string {
  if (isAuthError(error)) return `${error.kind}${error.oauthError ? ` ${error.oauthError}` : ''}${error.status ? ` ${error.status}` : ''}`;
  return error instanceof Error ? error.name : 'unknown error';
}
