import type { XDmApi } from '../../api/dmApi';
import type { DmEventsPage } from '../../api/schemas/dmEvents';
import { RateLimitedError, isXApiError } from '../../api/errors';
import type { SyncCursor } from '../archive/schema';
import { maxId } from '../model/ids';
import { FULL_PAGE, PROBE_SIZES, walkDmEvents, type WalkResult } from './probe';

/**
 * One sync run: finish an interrupted walk first (the first sync, or a catch-up cut short by the budget or an
 * error), then probe the top of the list down to the watermark. Events of a page are stored before the cursor
 * that covers them, so a run interrupted by the budget, a crash or a closed window resumes where it stopped and
 * a torn archive tail is re-fetched (its cursor record is lost with it).
 */
export const WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

export interface SyncStore {
  cursor(): SyncCursor;
  saveCursor(cursor: SyncCursor): void;
  /** Stores a page's events and includes; returns how many events were new to the archive. */
  ingest(page: DmEventsPage): number;
  isKnown(eventId: string): boolean;
}

export interface SyncRunOptions {
  api: XDmApi;
  store: SyncStore;
  now: () => number;
  /** Requests to keep back (polls keep one for a manual refresh). */
  reserve: number;
  signal?: AbortSignal;
}

export interface SyncRunResult {
  requests: number;
  eventsRead: number;
  newEvents: number;
  /** This run worked on the first-ever sync of the archive (nothing was synced before). */
  firstSync: boolean;
  /** The archive is now level with X's list. */
  complete: boolean;
  /** Stopped because the budget is used up: when it frees up. */
  blockedUntil?: number;
  /** The list ended before the watermark: history between may be missing (older than 30 days). */
  gapBeyondWindow: boolean;
}

export async function runSync(options: SyncRunOptions): Promise<SyncRunResult> {
  const { store, now } = options;
  const result: SyncRunResult = {
    requests: 0,
    eventsRead: 0,
    newEvents: 0,
    firstSync: !store.cursor().firstSyncDone,
    complete: false,
    gapBeyondWindow: false,
  };
  const onPage = (page: DmEventsPage): void => {
    result.newEvents += store.ingest(page);
  };
  const account = (walk: WalkResult): void => {
    result.requests += walk.requests;
    result.eventsRead += walk.eventsRead;
    if (walk.blockedUntil !== undefined) result.blockedUntil = walk.blockedUntil;
  };
  const common = { api: options.api, now, reserve: options.reserve, onPage, isKnown: (id: string) => store.isKnown(id), ...(options.signal ? { signal: options.signal } : {}) };

  // 1. An interrupted walk: continue from its token down to its lower bound.
  const gap = store.cursor().gap;
  if (gap) {
    const walk = await walkDmEvents({
      ...common,
      sizes: [FULL_PAGE],
      ...(gap.lowerId !== undefined ? { stopAtId: gap.lowerId } : {}),
      ...(gap.token !== undefined ? { startToken: gap.token } : {}),
    });
    account(walk);
    if (walk.error !== undefined && isXApiError(walk.error) && walk.error.kind === 'invalidRequest') {
      // The saved pagination token expired: drop the gap; step 2 walks from the top down to the unchanged watermark.
      const { gap: _expired, ...rest } = store.cursor();
      void _expired;
      store.saveCursor({ ...rest, at: now() });
    } else if (walk.complete) {
      if (walk.ranPastWindow) result.gapBeyondWindow = true;
      const { gap: _done, ...rest } = store.cursor();
      void _done;
      store.saveCursor({ ...rest, at: now(), watermarkId: maxId(rest.watermarkId, gap.upperId), firstSyncDone: true });
    } else {
      if (walk.nextToken !== undefined) store.saveCursor({ ...store.cursor(), at: now(), gap: { ...gap, token: walk.nextToken } });
      if (walk.error !== undefined) throw new SyncInterruptedError(walk.error, result);
      return result; // budget used up
    }
  }

  // 2. The top of the list down to the watermark.
  const cursor = store.cursor();
  const watermark = cursor.watermarkId;
  const longAway = cursor.lastSyncedAt !== undefined && now() - cursor.lastSyncedAt > WINDOW_MS;
  const sizes = watermark === undefined || longAway ? [FULL_PAGE] : PROBE_SIZES;
  const startedAt = now();
  const walk = await walkDmEvents({ ...common, sizes, ...(watermark !== undefined ? { stopAtId: watermark } : {}) });
  account(walk);
  if (walk.ranPastWindow || (walk.complete && walk.eventsRead === 0 && longAway)) result.gapBeyondWindow = true;
  const latest = store.cursor();
  if (walk.complete) {
    store.saveCursor({
      ...latest,
      at: now(),
      watermarkId: maxId(latest.watermarkId, walk.topId),
      firstSyncDone: true,
      lastSyncedAt: now(),
      ...(result.gapBeyondWindow ? { gapBeyondWindowAt: now() } : {}),
    });
    result.complete = true;
    return result;
  }
  if (walk.topId !== undefined) {
    // Cut short: remember where to continue and what the new top will be once the walk reaches the watermark.
    store.saveCursor({
      ...latest,
      at: now(),
      gap: {
        upperId: walk.topId,
        ...(watermark !== undefined ? { lowerId: watermark } : {}),
        ...(walk.nextToken !== undefined ? { token: walk.nextToken } : {}),
        startedAt,
      },
    });
  }
  if (walk.error !== undefined) throw new SyncInterruptedError(walk.error, result);
  return result;
}

/** Carries the run's counters with the failure so the service can still report what was spent. */
export class SyncInterruptedError extends Error {
  constructor(
    readonly reason: unknown,
    readonly partial: SyncRunResult,
  ) {
    super('sync interrupted');
  }

  get retryAt(): number | undefined {
    return this.reason instanceof RateLimitedError ? this.reason.resetAt : undefined;
  }
}
