import type { Clock } from '../../util/clock';

/**
 * When to poll next — a pure function, so the policy is unit-tested without timers:
 * - the configured interval (`xdm.sync.pollIntervalSeconds`, at least 15 s);
 * - five times slower while the window is unfocused and no notifications are wanted (nobody is looking);
 * - never faster than the budget X announced allows (`paced`: time to reset ÷ requests left);
 * - after network failures, exponential backoff (30 s, 1, 2, 4 … up to 15 min); offline, a cheap re-check
 *   without any request;
 * - while rate limited, not before the reset.
 */
export const MIN_INTERVAL_MS = 15_000;
export const UNFOCUSED_FACTOR = 5;
export const MAX_BACKOFF_MS = 15 * 60_000;
export const OFFLINE_RECHECK_MS = 30_000;

export interface PollPolicyInput {
  intervalMs: number;
  focused: boolean;
  notificationsWanted: boolean;
  online: boolean;
  /** Consecutive network failures. */
  failures: number;
  /** Delay the rate-limit budget requires (see `pacedDelay`), already ≥ the interval. */
  pacedMs?: number;
  rateLimitedUntil?: number;
  now: number;
}

export function nextPollDelay(input: PollPolicyInput): number {
  if (!input.online) return OFFLINE_RECHECK_MS;
  let delay = Math.max(MIN_INTERVAL_MS, input.intervalMs);
  if (!input.focused && !input.notificationsWanted) delay *= UNFOCUSED_FACTOR;
  if (input.pacedMs !== undefined) delay = Math.max(delay, input.pacedMs);
  if (input.failures > 0) delay = Math.max(delay, Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** (input.failures - 1)));
  if (input.rateLimitedUntil !== undefined && input.rateLimitedUntil > input.now) {
    delay = Math.max(delay, input.rateLimitedUntil - input.now + 1000);
  }
  return delay;
}

/** Runs `tick` again and again with the delay `delay()` computes after each run; `kick` re-plans at once. */
export class PollScheduler {
  private timer: { dispose(): void } | undefined;
  private running = false;
  private stopped = true;
  /** When the last tick ended: re-planning counts from here, so frequent re-plans never postpone a poll forever. */
  private lastRunAt = 0;

  constructor(
    private readonly clock: Clock,
    private readonly delay: () => number,
    private readonly tick: () => Promise<void>,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastRunAt = this.clock.now();
    this.plan();
  }

  /** Re-plans the next tick (settings, focus or connectivity changed). */
  reschedule(): void {
    if (this.stopped || this.running) return;
    this.plan();
  }

  /** A sync ran outside the schedule (manual refresh): the next poll is a full interval after it. */
  ranNow(): void {
    this.lastRunAt = this.clock.now();
    this.reschedule();
  }

  get isStarted(): boolean {
    return !this.stopped;
  }

  private plan(): void {
    this.timer?.dispose();
    const due = this.lastRunAt + this.delay();
    this.timer = this.clock.setTimeout(() => void this.run(), Math.max(0, due - this.clock.now()));
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    try {
      await this.tick();
    } finally {
      this.running = false;
      this.lastRunAt = this.clock.now();
      if (!this.stopped) this.plan();
    }
  }

  stop(): void {
    this.stopped = true;
    this.timer?.dispose();
    this.timer = undefined;
  }
}
