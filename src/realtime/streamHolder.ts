import type { DmEventsPage } from '../api/schemas/dmEvents';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { ActivityHttpError, type ActivityAppApi } from './appApi';
import { mapStreamLine } from './mapPayload';
import { backfillMinutes, gapBeyondBackfill, reconnectDelay, type StreamFailure } from './policy';
import { readStream } from './streamReader';

/**
 * Holds the Activity stream for this machine: connects, hands DM events on, and after a drop reconnects with
 * X's backoff and `backfill_minutes` covering the time since the stream was last heard. A refused token stops it
 * (retrying cannot help); the session decides what the user is told.
 */
export interface StreamHealth {
  healthy: boolean;
  downSince?: number;
  /** Given up until the user acts (X refused the token): polling takes over at once. */
  stopped?: boolean;
}

export type StreamProblem =
  | { kind: 'unauthorized' | 'forbidden'; detail: string }
  | { kind: 'connectionCap' }
  | { kind: 'rateLimited' };

export interface StreamHolderDeps {
  app: ActivityAppApi;
  /** The account whose events this window stores; the stream also carries the app's other subscriptions. */
  meId: string;
  clock: Clock;
  logger: Logger;
  onHealth(health: StreamHealth): void;
  onEvents(page: DmEventsPage): void;
  /** Something arrived that only a poll can bring in full, or a gap longer than backfill can replay. */
  onNeedsPoll(): void;
  onProblem(problem: StreamProblem): void;
  idleTimeoutMs?: number;
}

export class StreamHolder {
  private stopped = false;
  private abort: AbortController | undefined;
  private wake: (() => void) | undefined;
  private lastHeardAt: number | undefined;
  private downSince: number | undefined;
  private healthy = false;
  /** Lines handed on since start (events, keep-alives), for tests and the log. */
  linesSeen = 0;

  constructor(
    private readonly deps: StreamHolderDeps,
    /** When a stream of this machine was last heard (another window's, before this one took over). */
    lastHeardAt?: number,
  ) {
    this.lastHeardAt = lastHeardAt;
  }

  start(): void {
    void this.loop().catch((error: unknown) => this.deps.logger.error(`Real-time stream loop failed: ${String(error)}`));
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
  }

  private async loop(): Promise<void> {
    const { clock, logger } = this.deps;
    let attempt = 0;
    let failure: StreamFailure;
    while (!this.stopped) {
      const now = clock.now();
      if (gapBeyondBackfill(this.lastHeardAt, now)) this.deps.onNeedsPoll();
      const backfill = backfillMinutes(this.lastHeardAt, now);
      const abort = new AbortController();
      this.abort = abort;
      try {
        const body = await this.deps.app.openStream(backfill, abort.signal);
        logger.info(`Real-time stream connected${backfill > 0 ? ` (backfill ${backfill} min)` : ''}.`);
        attempt = 0;
        this.heard();
        const end = await readStream(body, (line) => this.onLine(line), abort, this.deps.idleTimeoutMs);
        if (this.stopped) return;
        logger.info(`Real-time stream ${end === 'idle' ? 'went silent' : 'was closed'}; reconnecting.`);
        failure = 'network';
        attempt = 1; // a dropped healthy stream reconnects at once
      } catch (error) {
        if (this.stopped || this.stoppedBy(error)) return;
        attempt += 1;
        failure = this.classify(error);
      }
      this.markDown();
      await this.sleep(reconnectDelay(failure, attempt));
    }
  }

  private classify(error: unknown): StreamFailure {
    if (!(error instanceof ActivityHttpError)) {
      this.deps.logger.info(`Real-time stream unreachable: ${error instanceof Error ? error.message : String(error)}`);
      return 'network';
    }
    this.deps.logger.warn(`Real-time stream refused: HTTP ${error.status} ${error.connectionIssue ?? ''}`.trim());
    if (error.status === 429) {
      this.deps.onProblem(error.connectionIssue === 'TooManyConnections' ? { kind: 'connectionCap' } : { kind: 'rateLimited' });
      return 'rateLimited';
    }
    return 'http';
  }

  /** 401/403: the token is wrong for this; stop until the user gives another one. */
  private stoppedBy(error: unknown): boolean {
    if (!(error instanceof ActivityHttpError) || (error.status !== 401 && error.status !== 403)) return false;
    this.stopped = true;
    this.healthy = false;
    this.deps.onHealth({ healthy: false, stopped: true });
    this.deps.onProblem({ kind: error.status === 401 ? 'unauthorized' : 'forbidden', detail: error.detail });
    return true;
  }

  private onLine(line: string): void {
    this.linesSeen += 1;
    this.heard();
    const mapped = mapStreamLine(line, this.deps.meId);
    switch (mapped.kind) {
      case 'events':
        if (mapped.page.events.length > 0) this.deps.onEvents(mapped.page);
        if (mapped.needsPoll) this.deps.onNeedsPoll();
        return;
      case 'disconnect':
        this.deps.logger.info(`Real-time stream: X is closing it (${mapped.detail}).`);
        return;
      case 'invalid':
        this.deps.logger.warn(`Real-time stream: a line did not match X's documented shape (${mapped.reason}); polling once.`);
        this.deps.onNeedsPoll();
        return;
      default:
        return;
    }
  }

  private heard(): void {
    this.lastHeardAt = this.deps.clock.now();
    if (this.healthy) return;
    this.healthy = true;
    this.downSince = undefined;
    this.deps.onHealth({ healthy: true });
  }

  private markDown(): void {
    this.healthy = false;
    this.downSince ??= this.deps.clock.now();
    this.deps.onHealth({ healthy: false, downSince: this.downSince });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.deps.clock.setTimeout(() => resolve(), ms);
      this.wake = () => {
        timer.dispose();
        resolve();
      };
    });
  }
}
