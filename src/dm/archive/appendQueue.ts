import type { Logger } from '../../util/logger';
import { errorCode } from './archiveFs';
import type { ArchiveRecord } from './schema';

/**
 * Serialises the archive's appends and never drops a record after a failed write: what could not be written
 * (disk full, I/O error, lock timeout) is kept and goes out in front of the next batch, in the same single write,
 * so a sync cursor can never reach the disk ahead of the events it covers.
 */
export class AppendQueue {
  private queue: Promise<unknown> = Promise.resolve();
  private unwritten: ArchiveRecord[] = [];
  private lastError: string | undefined;

  constructor(
    private readonly write: (batch: ArchiveRecord[]) => Promise<void>,
    private readonly logger: Logger,
    /** Called when the number of waiting records or the error behind them changes. */
    private readonly changed: () => void,
  ) {}

  /** Records whose write failed, waiting for the next one. */
  get pending(): readonly ArchiveRecord[] {
    return this.unwritten;
  }

  get errorCode(): string | undefined {
    return this.lastError;
  }

  /** Resolves once `records` (and any left over from a failed write) are written; rejects if they are not. */
  push(records: ArchiveRecord[], canWrite: () => boolean): Promise<void> {
    const run = this.queue.then(async () => {
      if (!canWrite()) return;
      const batch = this.unwritten.length > 0 ? [...this.unwritten, ...records] : records;
      if (batch.length === 0) return;
      try {
        await this.write(batch);
        this.settle([], undefined);
      } catch (error) {
        this.settle(batch, errorCode(error) ?? 'EIO');
        throw error;
      }
    });
    this.queue = run.catch((error: unknown) => this.logger.error(`DM archive write failed: ${String(error)}`));
    return run;
  }

  /** Waits for queued writes. */
  async idle(): Promise<void> {
    await this.queue;
  }

  /** The waiting records reached the disk another way (a snapshot of memory holds them). */
  clear(): void {
    this.settle([], undefined);
  }

  private settle(records: ArchiveRecord[], code: string | undefined): void {
    const changed = records.length !== this.unwritten.length || code !== this.lastError;
    this.unwritten = records;
    this.lastError = code;
    if (changed) this.changed();
  }
}
