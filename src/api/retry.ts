import { CancelledError, type XApiError } from './errors';
import type { Clock } from '../util/clock';

/**
 * When a failed attempt is tried again. GET and DELETE are idempotent (deleting twice leaves the message deleted),
 * so server errors, network failures and timeouts are retried. A POST creates a DM: if it may have reached X, a
 * retry could send the message twice, which is worse than an error — so a POST is retried only when the request
 * provably never left this machine (connection refused, DNS failure).
 */
export const MAX_RETRIES = 2;
const BASE_DELAY_MS = 400;
const MAX_DELAY_MS = 4000;

export function shouldRetry(method: string, error: XApiError, retriesSoFar: number): boolean {
  if (retriesSoFar >= MAX_RETRIES) return false;
  if (error.kind !== 'server' && error.kind !== 'network' && error.kind !== 'timeout') return false;
  if (method === 'GET' || method === 'DELETE') return true;
  return !error.mayHaveReachedServer;
}

/** "Equal jitter" exponential backoff: half fixed, half random, so parallel clients spread out. */
export function backoffMs(retriesSoFar: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retriesSoFar);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Waits on the injected clock; an abort ends the wait with CancelledError. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError('Cancelled'));
      return;
    }
    const onAbort = (): void => {
      timer.dispose();
      reject(new CancelledError('Cancelled'));
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
