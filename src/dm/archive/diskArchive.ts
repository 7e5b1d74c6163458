import path from 'node:path';
import type { Event } from '../../util/events';
import type { Logger } from '../../util/logger';
import { AppendQueue } from './appendQueue';
import { errorCode, nodeArchiveFs, type ArchiveFs } from './archiveFs';
import { StatusKeeper, type ArchiveStatus } from './archiveStatus';
import { readArchiveId } from './identity';
import { withLock, type LockOptions } from './lock';
import { appendRecords, fileSize, readLog } from './log';
import { loadArchive, type LoadReport } from './loadArchive';
import { currentGeneration, listGenerations, logName, retireGeneration, writeSnapshot } from './snapshot';
import type { ArchiveRecord } from './schema';
import type { ArchiveState } from './state';
import type { SnapshotThreads } from './snapshotThreads';
import { SyncLease } from './syncLease';
import { loadAllThreads } from './threadLoader';

/**
 * The archive on disk: an append-only JSON-lines log plus a snapshot per generation, shared by every window of
 * the account (records are idempotent, writes hold `archive.lock`, only the `sync.lease` holder polls X). Why
 * this and not a database, and how it survives disk errors and crashes: docs/decisions/002-archive-durability.md.
 */
export interface DiskArchiveOptions {
  logger: Logger;
  /** Compact when the log grows past this. Default: 256 KB or a quarter of the snapshot, whichever is larger. */
  compactBytes?: number;
  now?: () => number;
  /** The file-system seam (tests inject faults); default `node:fs/promises`. */
  fs?: ArchiveFs;
  /** Waits between load attempts after an I/O error (default 100 ms, 500 ms). */
  loadRetryDelaysMs?: readonly number[];
  lock?: Omit<LockOptions, 'fs'>;
  /** The account's user id: the conversation index (unread, group members) is derived for it. */
  me?: string;
}

export class DiskArchive {
  private generation = 0;
  private offset = 0;
  /** A partial load (a damaged file set aside) must not be followed by a compaction in the same session. */
  private compactionBlocked = false;
  private damagedInLog = 0;
  private readonly writes: AppendQueue;
  private compacting = false;
  private readonly lockPath: string;
  private readonly leasePath: string;
  private readonly idPath: string;
  /** Identity of the archive this instance loaded; a different or missing `archive.id` means it was cleared. */
  private archiveId: string | undefined;
  private snapshotBytes = 0;
  private snapshotGeneration = -1;
  /** Loaded from an older snapshot layout: the next compaction runs regardless of the log's size. */
  private upgrade = false;
  private readonly now: () => number;
  private readonly retryDelaysMs: readonly number[];
  private readonly fs: ArchiveFs;
  private readonly lockOptions: LockOptions;
  private readonly health: StatusKeeper;
  readonly onDidChangeStatus: Event<ArchiveStatus>;
  readonly lease: SyncLease;

  constructor(
    readonly dir: string,
    private readonly options: DiskArchiveOptions,
  ) {
    this.lockPath = path.join(dir, 'archive.lock');
    this.leasePath = path.join(dir, 'sync.lease');
    this.idPath = path.join(dir, 'archive.id');
    this.now = options.now ?? Date.now;
    this.retryDelaysMs = options.loadRetryDelaysMs ?? [100, 500];
    this.fs = options.fs ?? nodeArchiveFs;
    this.lockOptions = { ...options.lock, fs: this.fs };
    this.writes = new AppendQueue(
      (batch) => withLock(this.lockPath, () => this.writeLocked(batch), this.lockOptions),
      options.logger,
      () => this.health.fire(),
    );
    this.health = new StatusKeeper(() => ({ pending: this.writes.pending.length, errorCode: this.writes.errorCode }));
    this.onDidChangeStatus = this.health.onDidChange;
    this.lease = new SyncLease({
      fs: this.fs,
      leasePath: this.leasePath,
      lockPath: this.lockPath,
      lockOptions: this.lockOptions,
      now: this.now,
      usable: () => this.sameArchive(),
      readOnly: () => this.health.readOnly !== undefined,
    });
  }

  private get logPath(): string {
    return path.join(this.dir, logName(this.generation));
  }

  /**
   * Reads snapshot + log into a fresh state (see `loadArchive` for what happens on a bad disk). `lazy`: only the
   * snapshot's head; its threads come back unread, for `loadThreads` (or `loadOneThread` for one).
   */
  async load(options: { lazy?: boolean } = {}): Promise<{ state: ArchiveState; report: LoadReport; threads?: SnapshotThreads }> {
    const { fs, dir, idPath, now, retryDelaysMs } = this;
    const [lazy, me, logger] = [options.lazy === true, this.options.me ?? '', this.options.logger];
    const loaded = await loadArchive({ fs, dir, idPath, now, retryDelaysMs, logger, lazy, me });
    const { report } = loaded;
    ({ generation: this.generation, offset: this.offset, snapshotBytes: this.snapshotBytes } = loaded);
    this.snapshotGeneration = loaded.snapshotGeneration;
    this.upgrade = report.migratedFrom !== undefined;
    ({ damagedInLog: this.damagedInLog, archiveId: this.archiveId } = loaded);
    if (report.partial) this.compactionBlocked = true;
    this.health.addSetAside(report.setAside);
    if (report.readOnly) this.markReadOnly(report.readOnlyReason ?? 'ioError', report.ioError);
    return { state: loaded.state, report, ...(loaded.threads ? { threads: loaded.threads } : {}) };
  }

  /** After a lazy load: every thread into `state` (closes `threads`). Anything short of all blocks compaction. */
  async loadThreads(state: ArchiveState, threads: SnapshotThreads): Promise<void> {
    const { fs, dir, now, retryDelaysMs } = this;
    const ctx = { fs, dir, now, retryDelaysMs, logger: this.options.logger, mayMoveAside: () => !this.health.readOnly };
    const result = await loadAllThreads(ctx, state, threads, this.snapshotGeneration);
    if (result.ioError !== undefined || result.damagedThreads > 0) this.compactionBlocked = true;
    if (result.setAside) this.health.addSetAside([result.setAside]);
    if (result.ioError !== undefined) this.markReadOnly('ioError', result.ioError);
  }

  /**
   * Appends records (serialised behind earlier appends). Records are already applied to memory by the caller.
   * Resolves once they are written; on failure they are kept and written in front of the next batch.
   */
  append(records: ArchiveRecord[]): Promise<void> {
    if (records.length === 0 || this.health.readOnly) return Promise.resolve();
    return this.writes.push(records, () => !this.health.readOnly);
  }

  private async writeLocked(batch: ArchiveRecord[]): Promise<void> {
    // Cleared (or cleared and re-created by a new service) since we loaded: these records belong to an archive
    // that no longer exists, and must not leak a stale sync cursor into the new one.
    if (!(await this.sameArchive())) {
      this.options.logger.debug('DM archive was cleared; dropping a late write.');
      return;
    }
    const current = currentGeneration(await listGenerations(this.fs, this.dir));
    if (current !== this.generation) {
      // Someone compacted since we last looked: write into the new generation; `refresh` reloads us.
      await appendRecords(this.fs, path.join(this.dir, logName(current)), batch);
      return;
    }
    const { before, after } = await appendRecords(this.fs, this.logPath, batch);
    // Nobody wrote in between: skip re-reading our own lines on the next refresh.
    if (before === this.offset) this.offset = after;
  }

  /** Records whose write failed, still waiting for the next one (a reload must keep them in memory). */
  get pendingRecords(): readonly ArchiveRecord[] {
    return this.writes.pending;
  }

  /** Waits for queued appends and gives records whose write failed one more try (tests, dispose). */
  async flush(): Promise<void> {
    await this.writes.idle();
    if (this.writes.pending.length === 0 || this.health.readOnly) return;
    await this.writes.push([], () => !this.health.readOnly).catch(() => undefined);
  }

  /**
   * Picks up what other windows wrote. Returns the records read, or `reload` when the archive was compacted or
   * cleared by someone else (the caller then reloads or resets).
   */
  async refresh(): Promise<{ kind: 'records'; records: ArchiveRecord[] } | { kind: 'reload' } | { kind: 'cleared' }> {
    if (this.health.readOnly) return { kind: 'records', records: [] };
    if (!(await this.sameArchive())) return { kind: 'cleared' };
    if (currentGeneration(await listGenerations(this.fs, this.dir)) !== this.generation) return { kind: 'reload' };
    const size = await fileSize(this.fs, this.logPath);
    if (size === undefined || size === this.offset) return { kind: 'records', records: [] };
    if (size < this.offset) return { kind: 'reload' };
    const result = await readLog(this.fs, this.logPath, this.offset);
    this.offset = result.endOffset;
    this.damagedInLog += result.damagedLines;
    return { kind: 'records', records: result.records };
  }

  /**
   * Writes a new snapshot from `state` when the log has grown past the threshold (or when forced). Lines other
   * windows appended since our last look are handed to `applyTail` first, so the snapshot holds them too. Never
   * after a partial or read-only load: retiring files then could drop history that was not read.
   */
  async compactIfNeeded(
    state: ArchiveState,
    applyTail: (records: ArchiveRecord[]) => void = (records) => records.forEach((r) => state.apply(r)),
    force = false,
  ): Promise<boolean> {
    // An incomplete state (threads still on disk) would write a snapshot without them.
    if (this.health.readOnly || this.compactionBlocked || !state.complete) return false;
    force ||= this.upgrade;
    await this.writes.idle();
    const size = (await fileSize(this.fs, this.logPath)) ?? 0;
    const threshold = this.options.compactBytes ?? Math.max(256 * 1024, this.snapshotBytes / 4);
    if (!force && size < threshold) return false;
    if (this.compacting) return false;
    this.compacting = true;
    return withLock(this.lockPath, () => this.compactLocked(state, applyTail), this.lockOptions).finally(() => {
      this.compacting = false;
    });
  }

  private async compactLocked(state: ArchiveState, applyTail: (records: ArchiveRecord[]) => void): Promise<boolean> {
    if (this.health.readOnly || !(await this.sameArchive())) return false;
    const listing = await listGenerations(this.fs, this.dir);
    if (currentGeneration(listing) !== this.generation) return false; // someone else just compacted
    const tail = await readLog(this.fs, this.logPath, this.offset);
    if (tail.records.length > 0) applyTail(tail.records);
    // Records whose write failed are in the snapshot too: once it is on disk they no longer wait.
    for (const record of this.writes.pending) state.apply(record);
    const keepLog = this.damagedInLog + tail.damagedLines > 0 || tail.partialTailBytes > 0;
    const next = this.generation + 1;
    const me = this.options.me ?? '';
    this.snapshotBytes = await writeSnapshot(this.fs, this.dir, state.toSnapshot(next, this.now()), { me });
    this.upgrade = false;
    const previous = this.generation;
    this.generation = next;
    this.offset = 0;
    this.damagedInLog = 0;
    this.writes.clear();
    const aside = await retireGeneration(this.fs, this.dir, { previous, snapshots: listing.snapshots, keepLog, now: this.now() });
    if (aside) this.health.addSetAside([aside]);
    this.options.logger.info(`DM archive compacted: ${state.events.size} events in generation ${next}.`);
    return true;
  }

  private async sameArchive(): Promise<boolean> {
    return this.archiveId !== undefined && (await readArchiveId(this.fs, this.idPath)) === this.archiveId;
  }

  get isReadOnly(): boolean {
    return this.health.readOnly !== undefined;
  }

  get status(): ArchiveStatus {
    return this.health.value;
  }

  /** Nothing reaches the disk for the rest of this session; what is in memory stays there. */
  markReadOnly(reason: NonNullable<ArchiveStatus['readOnly']>, code?: string): void {
    this.health.markReadOnly(reason, code);
  }

  /** The folder cannot be used (unreadable, not creatable): carry on in memory instead of failing every write. */
  markUnusable(error?: unknown): void {
    this.markReadOnly('unusable', errorCode(error));
  }
}
