import type { RateLimitBook } from './dmApi';
import { RateLimitedError } from './errors';
import type { EndpointKey, RateLimitInfo } from './model';
import { Emitter, type Event } from '../util/events';

/**
 * What X told us about each endpoint's budget, keyed by endpoint template. X sends `x-rate-limit-*` (15-minute
 * window) and, on capped endpoints, `x-user-limit-24hour-*` and/or `x-app-limit-24hour-*`; of the two daily
 * budgets the one with fewer requests left is the one that bites, so that one is kept.
 */
export function parseRateLimitHeaders(endpoint: EndpointKey, headers: Headers): RateLimitInfo | undefined {
  const window = triple(headers, 'x-rate-limit');
  const day = pickDay(triple(headers, 'x-user-limit-24hour'), triple(headers, 'x-app-limit-24hour'));
  if (!window && !day) return undefined;
  const info: RateLimitInfo = {
    endpoint,
    // Only daily headers (rare): the daily budget is then the tightest one known.
    limit: (window ?? day)?.limit ?? 0,
    remaining: (window ?? day)?.remaining ?? 0,
    resetAt: (window ?? day)?.resetAt ?? 0,
  };
  if (day) info.day = day;
  return info;
}

interface Triple {
  limit: number;
  remaining: number;
  resetAt: number;
}

function triple(headers: Headers, prefix: string): Triple | undefined {
  const limit = int(headers.get(`${prefix}-limit`));
  const remaining = int(headers.get(`${prefix}-remaining`));
  const reset = int(headers.get(`${prefix}-reset`));
  if (remaining === undefined || reset === undefined) return undefined;
  // Reset is Unix seconds; values that already look like milliseconds are taken as they are.
  const resetAt = reset > 1e12 ? reset : reset * 1000;
  return { limit: limit ?? remaining, remaining, resetAt };
}

function pickDay(user: Triple | undefined, app: Triple | undefined): Triple | undefined {
  if (!user) return app;
  if (!app) return user;
  return app.remaining < user.remaining ? app : user;
}

function int(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

export class RateLimitBookImpl implements RateLimitBook {
  private readonly entries = new Map<EndpointKey, RateLimitInfo>();
  private readonly changed = new Emitter<RateLimitInfo>();
  readonly onDidChange: Event<RateLimitInfo> = this.changed.event;

  get(endpoint: EndpointKey): RateLimitInfo | undefined {
    return this.entries.get(endpoint);
  }

  all(): RateLimitInfo[] {
    return [...this.entries.values()];
  }

  /** Records the headers of one answer (any status). */
  record(endpoint: EndpointKey, headers: Headers): void {
    const info = parseRateLimitHeaders(endpoint, headers);
    if (!info) return;
    const previous = this.entries.get(endpoint);
    if (!info.day && previous?.day) info.day = previous.day; // daily headers are not on every answer
    this.entries.set(endpoint, info);
    this.changed.fire(info);
  }

  /**
   * Throws when the request would certainly be refused: X said nothing is left and the reset is still ahead.
   * Such a request is never sent — it would only cost a request against the budget and get a 429.
   */
  assertCanSend(endpoint: EndpointKey, now: number): void {
    const info = this.entries.get(endpoint);
    if (!info) return;
    if (info.day && info.day.remaining <= 0 && info.day.resetAt > now) {
      throw new RateLimitedError(info.day.resetAt, { endpoint, notSent: true, scope: 'day' });
    }
    if (info.remaining <= 0 && info.resetAt > now) {
      throw new RateLimitedError(info.resetAt, { endpoint, notSent: true });
    }
  }

  /** Epoch ms until which the endpoint is known to be exhausted, or undefined. */
  blockedUntil(endpoint: EndpointKey, now: number): number | undefined {
    try {
      this.assertCanSend(endpoint, now);
      return undefined;
    } catch (error) {
      return error instanceof RateLimitedError ? error.resetAt : undefined;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
