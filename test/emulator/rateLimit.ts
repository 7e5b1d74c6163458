/**
 * Per-user, per-endpoint fixed windows, as X counts them, with the x-rate-limit-* headers on every authenticated
 * response and the 24-hour user limit headers on DM sends.
 */

export interface RateLimitConfig {
  windowMs: number;
  /** Each GET DM endpoint. */
  dmRead: number;
  /** Each POST send/create endpoint, per window. */
  dmWrite: number;
  /** POST sends per 24 hours (all send endpoints together). */
  dmWriteDaily: number;
  dmDelete: number;
  usersLookup: number;
  usersMe: number;
  mediaUpload: number;
  dmBlock: number;
  /** X publishes no /2/chat limits; these only make the x-rate-limit-* headers real. */
  chatRead: number;
  chatWrite: number;
  publicKeys: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  windowMs: 15 * 60 * 1000,
  dmRead: 15,
  dmWrite: 15,
  dmWriteDaily: 1440,
  dmDelete: 300,
  usersLookup: 900,
  usersMe: 75,
  mediaUpload: 500,
  dmBlock: 50,
  chatRead: 900,
  chatWrite: 300,
  publicKeys: 300,
};

export type LimitClass = Exclude<keyof RateLimitConfig, 'windowMs' | 'dmWriteDaily'>;

interface Window {
  start: number;
  used: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export class RateLimiter {
  config: RateLimitConfig;
  private readonly windows = new Map<string, Window>();

  constructor(overrides: Partial<RateLimitConfig> = {}) {
    this.config = { ...DEFAULT_RATE_LIMITS, ...overrides };
  }

  configure(overrides: Partial<RateLimitConfig>): void {
    this.config = { ...this.config, ...overrides };
  }

  clear(): void {
    this.windows.clear();
  }

  private window(key: string, length: number, now: number): Window {
    let w = this.windows.get(key);
    if (!w || now >= w.start + length) {
      w = { start: now, used: 0 };
      this.windows.set(key, w);
    }
    return w;
  }

  /** Counts one request (unless limited) and returns the headers to send plus whether it is refused. */
  take(userId: string, endpoint: string, cls: LimitClass, now: number): { limited: boolean; headers: Record<string, string> } {
    const limit = this.config[cls];
    const w = this.window(`${userId} ${endpoint}`, this.config.windowMs, now);
    const daily = cls === 'dmWrite' ? this.window(`${userId} dm-send-24h`, DAY_MS, now) : undefined;
    const limited = w.used >= limit || (daily !== undefined && daily.used >= this.config.dmWriteDaily);
    if (!limited) {
      w.used++;
      if (daily) daily.used++;
    }
    const headers: Record<string, string> = {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - w.used)),
      'x-rate-limit-reset': String(Math.ceil((w.start + this.config.windowMs) / 1000)),
    };
    if (daily) {
      headers['x-user-limit-24hour-limit'] = String(this.config.dmWriteDaily);
      headers['x-user-limit-24hour-remaining'] = String(Math.max(0, this.config.dmWriteDaily - daily.used));
      headers['x-user-limit-24hour-reset'] = String(Math.ceil((daily.start + DAY_MS) / 1000));
    }
    return { limited, headers };
  }
}
