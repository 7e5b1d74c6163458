import type { XDmApi } from '../../api/dmApi';
import { RateLimitedError, isXApiError } from '../../api/errors';
import type { Clock } from '../../util/clock';
import { Emitter, type Event } from '../../util/events';
import type { Logger } from '../../util/logger';
import type { ArchiveStore } from '../archive/archiveStore';
import type { SyncOutcome, SyncReason, SyncState } from '../dmService';
import { DM_EVENTS_ENDPOINT, blockedUntil, pacedDelay } from './budget';
import { PollScheduler, nextPollDelay } from './scheduler';
import { SyncInterruptedError, runSync, type SyncRunResult } from './syncEngine';

/**
 * Decides whether and when this window asks X for new events, runs the sync engine and keeps `SyncState`.
 *
 * Two windows on one archive: only the holder of the archive's sync lease polls; a manual refresh takes the
 * lease over (the window the person is using should be the fresh one), and a focused window takes it from an
 * unfocused holder. Everyone else sees the holder's results through the archive log (see `DiskArchive`).
 */
export const LEASE_TTL_MS = 90_000;
/** However soon another window's lease ends, look at it at most this often. */
const LEASE_RECHECK_MIN_MS = 5_000;

export interface SyncControllerDeps {
  api: XDmApi;
  store: ArchiveStore;
  clock: Clock;
  logger: Logger;
  intervalMs: () => number;
  focused: () => boolean;
  notificationsWanted: () => boolean;
  online: () => boolean;
  /** Called after every run that stored something: reconcile the outbox, tell listeners. */
  afterRun: (run: SyncRunResult, newEventIds: string[], reason: SyncReason) => void;
  /** A long walk (first sync, catch-up) stored a page: lets the list fill while the walk goes on. */
  progress?: (conversationIds: string[]) => void;
  /** After every poll tick's sync, whatever it did (X Chat polls on the same ticks); the next tick waits for it. */
  polled?: () => Promise<void> | undefined;
}

export class SyncController {
  private stateValue: SyncState = { phase: 'idle' };
  private readonly stateChanged = new Emitter<SyncState>();
  readonly onDidChangeState: Event<SyncState> = this.stateChanged.event;
  private inFlight: Promise<SyncOutcome> | undefined;
  private failures = 0;
  private rateLimitedUntil: number | undefined;
  /** When another window's lease runs out: a window that went away (a reload) cannot renew it, so look again then. */
  private leaseFreeAt: number | undefined;
  private readonly scheduler: PollScheduler;
  private disposed = false;

  constructor(private readonly deps: SyncControllerDeps) {
    this.scheduler = new PollScheduler(deps.clock, () => this.nextDelay(), async () => {
      await this.syncNow('poll').catch((error: unknown) => deps.logger.warn(`DM poll failed: ${String(error)}`));
      if (!this.disposed) await deps.polled?.();
    });
  }

  get state(): SyncState {
    return this.stateValue;
  }

  nextDelay(): number {
    const now = this.deps.clock.now();
    const intervalMs = this.deps.intervalMs();
    const delay = nextPollDelay({
      intervalMs,
      focused: this.deps.focused(),
      notificationsWanted: this.deps.notificationsWanted(),
      online: this.deps.online(),
      failures: this.failures,
      pacedMs: pacedDelay(this.deps.api.rateLimits, DM_EVENTS_ENDPOINT, now, intervalMs),
      ...(this.rateLimitedUntil !== undefined ? { rateLimitedUntil: this.rateLimitedUntil } : {}),
      now,
    });
    // Checking the lease again costs a file read, no request.
    return this.leaseFreeAt === undefined ? delay : Math.min(delay, Math.max(LEASE_RECHECK_MIN_MS, this.leaseFreeAt + 1000 - now));
  }

  reschedule(): void {
    this.scheduler.reschedule();
  }

  async syncNow(reason: SyncReason): Promise<SyncOutcome> {
    if (this.disposed) return { requests: 0, newEvents: 0, skipped: 'signedOut' };
    // Polling starts once the composition root asked for the first sync (after the archive is ready).
    if (reason === 'startup') this.scheduler.start();
    if (this.inFlight) {
      return reason === 'manual' ? this.inFlight : { requests: 0, newEvents: 0, skipped: 'busy' };
    }
    this.inFlight = this.run(reason).finally(() => {
      this.inFlight = undefined;
      if (reason === 'manual') this.scheduler.ranNow();
    });
    return this.inFlight;
  }

  private async run(reason: SyncReason): Promise<SyncOutcome> {
    const { api, clock, store } = this.deps;
    const now = clock.now();
    if (!this.deps.online()) {
      this.setState({ ...this.stateValue, phase: 'offline' });
      return { requests: 0, newEvents: 0, skipped: 'offline' };
    }
    if (store.disk && !(await this.holdLease(reason === 'manual'))) {
      this.leaseFreeAt = (await store.disk.lease.read().catch(() => undefined))?.expiresAt;
      // The startup sync runs outside the scheduler, which planned a whole interval: plan again with the lease's end.
      if (reason !== 'poll') this.scheduler.reschedule();
      // Another window syncs for both; show when it last did (its cursor reaches us through the archive).
      const lastSyncedAt = store.syncCursor().lastSyncedAt;
      if (lastSyncedAt !== undefined && lastSyncedAt !== this.stateValue.lastSyncedAt) {
        this.setState({ phase: 'idle', lastSyncedAt });
      }
      return { requests: 0, newEvents: 0, skipped: 'busy' };
    }
    this.leaseFreeAt = undefined;
    const blocked = blockedUntil(api.rateLimits, DM_EVENTS_ENDPOINT, now, reason === 'poll' ? 1 : 0);
    if (blocked !== undefined) {
      this.rateLimitedUntil = blocked;
      this.setState({ ...this.stateValue, phase: 'rateLimited', rateLimitedUntil: blocked });
      return { requests: 0, newEvents: 0, skipped: 'rateLimited', retryAt: blocked };
    }
    this.setState({ ...this.stateValue, phase: 'syncing' });
    const newEventIds: string[] = [];
    let result: SyncRunResult;
    try {
      result = await runSync({
        api,
        now: () => clock.now(),
        reserve: reason === 'poll' ? 1 : 0,
        store: {
          cursor: () => store.syncCursor(),
          saveCursor: (cursor) => store.saveSyncCursor(cursor),
          ingest: (page) => {
            const changes = store.addPage(page, clock.now());
            newEventIds.push(...changes.newEventIds);
            if (page.events.length >= 100 && changes.conversations.size > 0) this.deps.progress?.([...changes.conversations]);
            return changes.newEventIds.length;
          },
          isKnown: (id) => store.isKnownEvent(id),
        },
      });
    } catch (error) {
      const partial = error instanceof SyncInterruptedError ? error.partial : undefined;
      const cause = error instanceof SyncInterruptedError ? error.reason : error;
      if (partial && newEventIds.length > 0) this.deps.afterRun(partial, newEventIds, reason);
      return this.failed(cause, partial);
    }
    this.failures = 0;
    if (result.blockedUntil !== undefined) {
      this.rateLimitedUntil = result.blockedUntil;
      this.setState({ phase: 'rateLimited', rateLimitedUntil: result.blockedUntil, lastSyncedAt: clock.now() });
    } else {
      this.rateLimitedUntil = undefined;
      this.setState({ phase: 'idle', lastSyncedAt: clock.now() });
    }
    this.deps.afterRun(result, newEventIds, reason);
    return {
      requests: result.requests,
      newEvents: result.newEvents,
      eventsRead: result.eventsRead,
      ...(result.gapBeyondWindow ? { gapBeyondWindow: true } : {}),
      ...(result.blockedUntil !== undefined && result.requests === 0
        ? { skipped: 'rateLimited' as const, retryAt: result.blockedUntil }
        : {}),
    };
  }

  private failed(cause: unknown, partial: SyncRunResult | undefined): SyncOutcome {
    const spent = { requests: partial?.requests ?? 0, newEvents: partial?.newEvents ?? 0, eventsRead: partial?.eventsRead ?? 0 };
    if (cause instanceof RateLimitedError) {
      this.rateLimitedUntil = cause.resetAt;
      this.setState({ ...this.stateValue, phase: 'rateLimited', rateLimitedUntil: cause.resetAt, message: cause.userMessage });
      return { ...spent, skipped: 'rateLimited', retryAt: cause.resetAt };
    }
    if (isXApiError(cause) && (cause.kind === 'network' || cause.kind === 'timeout')) {
      this.failures += 1;
      this.setState({ ...this.stateValue, phase: 'offline', message: cause.userMessage });
      this.deps.logger.info(`DM sync: X unreachable (${cause.kind}); retrying with backoff.`);
      return { ...spent, skipped: 'offline', retryAt: this.deps.clock.now() + this.nextDelay() };
    }
    const message = isXApiError(cause) ? cause.userMessage : 'Syncing Direct Messages failed.';
    this.failures += 1;
    this.setState({ ...this.stateValue, phase: 'error', message });
    this.deps.logger.warn(`DM sync failed: ${isXApiError(cause) ? cause.kind : String(cause)}`);
    throw cause;
  }

  /** True when this window may poll now (holds the lease, or took it). */
  async holdLease(steal: boolean): Promise<boolean> {
    const disk = this.deps.store.disk;
    // Memory only, or an archive of a newer version we must not write to: nobody to coordinate with.
    if (!disk || disk.isReadOnly) return true;
    try {
      if (!steal && this.deps.focused()) {
        const lease = await disk.lease.read();
        // The window the person looks at should be the one that polls.
        if (lease && lease.owner !== disk.lease.ownerId && lease.focused === false) steal = true;
      }
      return await disk.lease.acquire(LEASE_TTL_MS, { steal, focused: this.deps.focused() });
    } catch (error) {
      // Better to risk a doubled poll than to never sync because the lease file cannot be written.
      this.deps.logger.warn(`DM archive lease unavailable, syncing anyway: ${String(error)}`);
      return true;
    }
  }

  private setState(next: SyncState): void {
    this.stateValue = next;
    this.stateChanged.fire(next);
  }

  dispose(): void {
    this.disposed = true;
    this.scheduler.stop();
    this.stateChanged.dispose();
  }
}
