import type { DmService } from '../dm/dmService';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { ActivityAppApi } from './appApi';
import { pollOverride } from './policy';
import { StreamHolder, type StreamHealth, type StreamProblem } from './streamHolder';
import { STREAM_LEASE_TTL_MS, type StreamLease } from './streamLease';

/**
 * Real-time delivery for one signed-in account in one window. Every `LEASE_TICK_MS` the window looks at the stream
 * lease: the holder keeps the stream (renewing the lease with its health), the others follow the holder's health
 * to slow their own polling, and take over when the holder's lease runs out. Pushed events go into the archive
 * through `DmService.ingestPushed`, where other windows pick them up like any other write.
 */
export const LEASE_TICK_MS = 20_000;
/** However often lines ask for one, at most one catch-up poll this often. */
const NEEDS_POLL_MIN_GAP_MS = 30_000;

export interface RealtimeSessionDeps {
  dm: DmService;
  app: ActivityAppApi;
  /** Undefined without an archive folder (memory-only mode): nobody to share the stream with. */
  lease: StreamLease | undefined;
  clock: Clock;
  logger: Logger;
  onProblem(problem: StreamProblem): void;
  /** Tells the status bar and tests whether this window holds the stream. */
  onRoleChange?(role: 'holder' | 'follower'): void;
  idleTimeoutMs?: number;
}

export class RealtimeSession {
  private holder: StreamHolder | undefined;
  private health: StreamHealth = { healthy: false };
  private timer: { dispose(): void } | undefined;
  private disposed = false;
  private lastNeedsPollAt = Number.NEGATIVE_INFINITY;
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RealtimeSessionDeps) {}

  get isHolder(): boolean {
    return this.holder !== undefined;
  }

  start(): void {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    this.timer?.dispose();
    this.timer = this.deps.clock.setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule(LEASE_TICK_MS));
    }, ms);
  }

  private async tick(): Promise<void> {
    const { lease, clock } = this.deps;
    if (this.disposed) return;
    if (!lease) {
      if (!this.holder) this.becomeHolder(undefined);
      this.applyOverride(this.health);
      return;
    }
    const seen = await lease.read();
    const held = await lease.acquire(this.health).catch((error: unknown) => {
      this.deps.logger.warn(`Real-time stream lease unavailable: ${String(error)}`);
      return false;
    });
    if (this.disposed) {
      if (held) await lease.release();
      return;
    }
    if (held) {
      // Another window's healthy stream was last heard when it last renewed: backfill from there.
      const lastHeard = seen && seen.owner !== lease.ownerId && seen.healthy ? seen.expiresAt - STREAM_LEASE_TTL_MS : undefined;
      if (!this.holder) this.becomeHolder(lastHeard);
      this.applyOverride(this.health);
    } else {
      if (this.holder) this.stopHolding();
      const current = await lease.read();
      const live = current !== undefined && current.expiresAt >= clock.now();
      this.applyOverride(live ? { healthy: current.healthy, ...(current.downSince !== undefined ? { downSince: current.downSince } : {}) } : { healthy: false });
    }
  }

  private becomeHolder(lastHeardAt: number | undefined): void {
    const { dm, clock, logger } = this.deps;
    this.holder = new StreamHolder(
      {
        app: this.deps.app,
        meId: this.deps.dm.me.id,
        clock,
        logger,
        idleTimeoutMs: this.deps.idleTimeoutMs,
        onHealth: (health) => {
          this.health = health;
          this.applyOverride(health);
          // Followers learn of the change at once rather than at the next renewal.
          void this.deps.lease?.acquire(health).catch(() => undefined);
        },
        onEvents: (page) => {
          const added = dm.ingestPushed?.(page) ?? [];
          logger.debug(`Real-time: ${page.events.length} event(s) pushed, ${added.length} new.`);
        },
        onNeedsPoll: () => this.pollOnce(),
        onProblem: (problem) => this.deps.onProblem(problem),
      },
      lastHeardAt,
    );
    this.holder.start();
    this.deps.onRoleChange?.('holder');
  }

  private stopHolding(): void {
    this.holder?.stop();
    this.holder = undefined;
    this.health = { healthy: false };
    this.deps.onRoleChange?.('follower');
  }

  private applyOverride(health: StreamHealth): void {
    this.deps.dm.setPollIntervalOverride?.(pollOverride(health, this.deps.clock.now()));
  }

  private pollOnce(): void {
    const now = this.deps.clock.now();
    if (now - this.lastNeedsPollAt < NEEDS_POLL_MIN_GAP_MS) return;
    this.lastNeedsPollAt = now;
    void this.deps.dm.syncNow('poll').catch((error: unknown) => this.deps.logger.warn(`Real-time catch-up poll failed: ${String(error)}`));
  }

  /** Stops the stream, gives the lease up and hands polling back to the configured interval. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.timer?.dispose();
    this.holder?.stop();
    this.holder = undefined;
    this.deps.dm.setPollIntervalOverride?.(undefined);
    await this.ticking.catch(() => undefined);
    await this.deps.lease?.release();
  }
}
