/**
 * The timing rules of real-time delivery, pure so they are unit-tested without timers. Reconnect delays follow X's
 * "Handling disconnections" guide: a dropped healthy stream reconnects at once; network errors back off linearly
 * (+250 ms, up to 16 s), HTTP errors exponentially (5 s doubling, up to 320 s), 429s from 1 minute doubling.
 */
export const SAFETY_NET_POLL_MS = 15 * 60_000;
/** A stream down this long hands new messages back to polling at the configured interval. */
export const STREAM_DOWN_GRACE_MS = 60_000;
/** X sends a keep-alive newline every 20 s; silence this long means the connection is dead. */
export const STREAM_IDLE_TIMEOUT_MS = 30_000;
/** X replays at most 5 minutes (`backfill_minutes` 0–5). */
export const MAX_BACKFILL_MINUTES = 5;

export type StreamFailure = 'network' | 'http' | 'rateLimited';

export function reconnectDelay(failure: StreamFailure, attempt: number): number {
  const n = Math.max(1, attempt);
  switch (failure) {
    case 'network':
      return Math.min(16_000, 250 * (n - 1));
    case 'http':
      return Math.min(320_000, 5_000 * 2 ** (n - 1));
    case 'rateLimited':
      return Math.min(16 * 60_000, 60_000 * 2 ** (n - 1));
  }
}

/**
 * `backfill_minutes` for a reconnect: enough whole minutes to cover the time since the stream was last known
 * healthy (at least 1), at most X's 5. A first connection asks for none (the startup poll covers the past).
 */
export function backfillMinutes(lastHealthyAt: number | undefined, now: number): number {
  if (lastHealthyAt === undefined) return 0;
  return Math.min(MAX_BACKFILL_MINUTES, Math.max(1, Math.ceil((now - lastHealthyAt) / 60_000)));
}

/** True when a gap is longer than backfill can replay: one poll must fetch what the stream missed. */
export function gapBeyondBackfill(lastHealthyAt: number | undefined, now: number): boolean {
  return lastHealthyAt !== undefined && now - lastHealthyAt > MAX_BACKFILL_MINUTES * 60_000;
}

/**
 * The poll interval override for one window: the slow safety net while a stream on this machine is healthy (or
 * only briefly down), nothing (the configured interval) once it has been down past the grace period or stopped
 * for good (a refused token).
 */
export function pollOverride(stream: { healthy: boolean; downSince?: number; stopped?: boolean }, now: number): number | undefined {
  if (stream.stopped) return undefined;
  if (stream.healthy) return SAFETY_NET_POLL_MS;
  if (stream.downSince !== undefined && now - stream.downSince < STREAM_DOWN_GRACE_MS) return SAFETY_NET_POLL_MS;
  return undefined;
}
