import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../util/logger';
import { appendRecords, fileSize, readLog } from './log';
import { ensureArchiveId, readArchiveId } from './identity';
import { withLock } from './lock';
import { listGenerations, logName, readSnapshot, removeQuietly, snapshotName, writeSnapshot } from './snapshot';
import { ARCHIVE_VERSION, type ArchiveRecord } from './schema';
import { ArchiveState } from './state';

/**
 * Storage choice (why a log + snapshot and not a database):
 * - An embedded database that runs in the extension host without a native rebuild means SQLite-in-WASM or a
 *   pure-JS store; both load the whole file into memory anyway, add hundreds of KB to the bundle, and their
 *   multi-process story on a shared folder is "one opener". The archive's access pattern is simple — load
 *   everything once, append a few records per sync, look up by id in memory — which an append-only JSON-lines
 *   log does with plain `node:fs`, zero dependencies, and a format a person can inspect.
 * - Crash safety: appends are single writes of whole lines (a torn last line is skipped and re-fetched by the
 *   next sync, because the sync cursor is written after the events it covers); compaction writes a snapshot to a
 *   temp file, fsyncs and renames it, and only then deletes the previous generation.
 * - Two windows: every write holds `archive.lock` (O_EXCL, stale detection) for milliseconds; records are
 *   idempotent and mergeable (see `ArchiveState`), so windows simply replay each other's appended lines.
 *   Each window checks the log's size on an interval (`refresh`) — a `stat` every few seconds is cheaper and more
 *   dependable than `fs.watch` across platforms and network home folders. A changed generation means someone
 *   compacted: reload. Requests to X are not doubled because only the holder of `sync.lease` polls.
 */
export interface LoadReport {
  events: number;
  damagedLines: number;
  partialTailBytes: number;
  readOnly: boolean;
  migratedFrom?: number;
}

export interface DiskArchiveOptions {
  logger: Logger;
  /**
   * Compact when the log grows past this. Default: 256 KB or a quarter of the snapshot, whichever is larger — so
   * compaction work stays proportional to what was appended, and cold starts mostly read a snapshot (about twice
   * as fast to load as the same events in log form).
   */
  compactBytes?: number;
  now?: () => number;
}

export class DiskArchive {
  private generation = 0;
  private offset = 0;
  private readOnly = false;
  private compacting = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly lockPath: string;
  private readonly leasePath: string;
  private readonly idPath: string;
  /** Identity of the archive this instance loaded; a different or missing `archive.id` means it was cleared. */
  private archiveId: string | undefined;
  private readonly compactBytes: number | undefined;
  private snapshotBytes = 0;
  private readonly now: () => number;
  readonly ownerId = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;

  constructor(
    readonly dir: string,
    private readonly options: DiskArchiveOptions,
  ) {
    this.lockPath = path.join(dir, 'archive.lock');
    this.leasePath = path.join(dir, 'sync.lease');
    this.idPath = path.join(dir, 'archive.id');
    this.compactBytes = options.compactBytes;
    this.now = options.now ?? Date.now;
  }

  private get logPath(): string {
    return path.join(this.dir, logName(this.generation));
  }

  /** Reads snapshot + log into a fresh state. */
  async load(): Promise<{ state: ArchiveState; report: LoadReport }> {
    await mkdir(this.dir, { recursive: true });
    const state = new ArchiveState();
    const report: LoadReport = { events: 0, damagedLines: 0, partialTailBytes: 0, readOnly: false };
    const { snapshots, logs } = await listGenerations(this.dir);
    let base = -1;
    for (const generation of [...snapshots].reverse()) {
      const result = await readSnapshot(this.dir, generation);
      if (result.ok) {
        state.loadSnapshot(result.snapshot);
        this.snapshotBytes = (await fileSize(path.join(this.dir, snapshotName(generation)))) ?? 0;
        base = generation;
        if (result.migratedFrom !== undefined) report.migratedFrom = result.migratedFrom;
        break;
      }
      if (result.reason === 'newerVersion') {
        this.options.logger.warn(`DM archive was written by a newer version (${result.detail}); using memory only.`);
        report.readOnly = true;
        this.readOnly = true;
        return { state, report };
      }
      this.options.logger.warn(`DM archive snapshot ${generation} is unreadable (${result.detail}); skipping it.`);
    }
    // Logs at or above the snapshot's generation hold what came after it (normally exactly one).
    const pending = logs.filter((g) => g >= Math.max(base, 0));
    this.generation = Math.max(base, 0, ...pending);
    this.offset = 0;
    for (const generation of pending) {
      const result = await readLog(path.join(this.dir, logName(generation)));
      if (result.headerVersion !== undefined && result.headerVersion > ARCHIVE_VERSION) {
        this.options.logger.warn('DM archive log was written by a newer version; using memory only.');
        this.readOnly = true;
        report.readOnly = true;
      }
      for (const record of result.records) state.apply(record);
      report.damagedLines += result.damagedLines;
      report.partialTailBytes += result.partialTailBytes;
      if (generation === this.generation) this.offset = result.endOffset;
    }
    if (report.damagedLines > 0 || report.partialTailBytes > 0) {
      this.options.logger.warn(
        `DM archive: skipped ${report.damagedLines} damaged line(s) and ${report.partialTailBytes} byte(s) of a torn tail; the next sync re-fetches what they held.`,
      );
    }
    report.events = state.events.size;
    if (!this.readOnly) this.archiveId = await ensureArchiveId(this.idPath);
    return { state, report };
  }

  /** Appends records (serialised behind earlier appends). Records are already applied to memory by the caller. */
  append(records: ArchiveRecord[]): Promise<void> {
    if (records.length === 0 || this.readOnly) return Promise.resolve();
    const run = this.queue.then(() =>
      withLock(this.lockPath, async () => {
        // Cleared (or cleared and re-created by a new service) since we loaded: these records belong to an
        // archive that no longer exists, and must not leak a stale sync cursor into the new one.
        if (!(await this.sameArchive())) {
          this.options.logger.debug('DM archive was cleared; dropping a late write.');
          return;
        }
        const { snapshots } = await listGenerations(this.dir);
        const current = Math.max(0, ...snapshots);
        if (current !== this.generation) {
          // Someone compacted since we last looked: write into the new generation; `refresh` reloads us.
          const { before } = await appendRecords(path.join(this.dir, logName(current)), records);
          void before;
          return;
        }
        const { before, after } = await appendRecords(this.logPath, records);
        // Nobody wrote in between: skip re-reading our own lines on the next refresh.
        if (before === this.offset) this.offset = after;
      }),
    );
    this.queue = run.catch((error: unknown) => this.options.logger.error(`DM archive write failed: ${String(error)}`));
    return run;
  }

  /** Waits for queued appends (tests, dispose). */
  async flush(): Promise<void> {
    await this.queue;
  }

  /**
   * Picks up what other windows wrote. Returns the records read, or `reload` when the archive was compacted or
   * cleared by someone else (the caller then reloads or resets).
   */
  async refresh(): Promise<{ kind: 'records'; records: ArchiveRecord[] } | { kind: 'reload' } | { kind: 'cleared' }> {
    if (this.readOnly) return { kind: 'records', records: [] };
    if (!(await this.sameArchive())) return { kind: 'cleared' };
    const { snapshots } = await listGenerations(this.dir);
    const current = Math.max(0, ...snapshots);
    if (current !== this.generation) return { kind: 'reload' };
    const size = await fileSize(this.logPath);
    if (size === undefined || size === this.offset) return { kind: 'records', records: [] };
    if (size < this.offset) return { kind: 'reload' };
    const result = await readLog(this.logPath, this.offset);
    this.offset = result.endOffset;
    return { kind: 'records', records: result.records };
  }

  /**
   * Writes a new snapshot from `state` when the log has grown past the threshold (or when forced). Lines other
   * windows appended since our last look are handed to `applyTail` first, so the snapshot holds them too.
   */
  async compactIfNeeded(
    state: ArchiveState,
    applyTail: (records: ArchiveRecord[]) => void = (records) => records.forEach((r) => state.apply(r)),
    force = false,
  ): Promise<boolean> {
    if (this.readOnly) return false;
    await this.queue;
    const size = (await fileSize(this.logPath)) ?? 0;
    const threshold = this.compactBytes ?? Math.max(256 * 1024, this.snapshotBytes / 4);
    if (!force && size < threshold) return false;
    if (this.compacting) return false;
    this.compacting = true;
    return withLock(this.lockPath, async () => {
      if (!(await this.sameArchive())) return false;
      const { snapshots } = await listGenerations(this.dir);
      if (Math.max(0, ...snapshots) !== this.generation) return false; // someone else just compacted
      const tail = await readLog(this.logPath, this.offset);
      if (tail.records.length > 0) applyTail(tail.records);
      const next = this.generation + 1;
      this.snapshotBytes = await writeSnapshot(this.dir, state.toSnapshot(next, this.now()));
      const previous = this.generation;
      this.generation = next;
      this.offset = 0;
      await removeQuietly(path.join(this.dir, logName(previous)));
      for (const g of snapshots) if (g < next) await removeQuietly(path.join(this.dir, snapshotName(g)));
      this.options.logger.info(`DM archive compacted: ${state.events.size} events in generation ${next}.`);
      return true;
    }).finally(() => {
      this.compacting = false;
    });
  }

  // --- sync lease: only its holder polls X; the others replay the log ---

  async readLease(): Promise<LeaseInfo | undefined> {
    try {
      const raw: unknown = JSON.parse(await readFile(this.leasePath, 'utf8'));
      if (raw && typeof raw === 'object' && 'owner' in raw && 'expiresAt' in raw) {
        const { owner, expiresAt, focused } = raw as { owner: unknown; expiresAt: unknown; focused?: unknown };
        if (typeof owner === 'string' && typeof expiresAt === 'number') {
          return { owner, expiresAt, focused: focused !== false };
        }
      }
    } catch {
      // absent or torn: nobody holds it
    }
    return undefined;
  }

  /** Takes or renews the lease when free, expired, ours, or (`steal`) held by another window. */
  async acquireLease(ttlMs: number, options: { steal?: boolean; focused?: boolean } = {}): Promise<boolean> {
    const steal = options.steal ?? false;
    if (this.readOnly) return false;
    return withLock(this.lockPath, async () => {
      if (!(await this.sameArchive())) return false; // cleared: the watcher reloads us first
      const lease = await this.readLease();
      const free = !lease || lease.owner === this.ownerId || lease.expiresAt < this.now();
      if (!free && !steal) return false;
      const temp = `${this.leasePath}.tmp-${randomBytes(4).toString('hex')}`;
      await writeFile(temp, JSON.stringify({ owner: this.ownerId, pid: process.pid, expiresAt: this.now() + ttlMs, focused: options.focused ?? true }));
      await rename(temp, this.leasePath);
      return true;
    });
  }

  async releaseLease(): Promise<void> {
    await withLock(this.lockPath, async () => {
      const lease = await this.readLease();
      if (lease?.owner === this.ownerId) await removeQuietly(this.leasePath);
    }).catch(() => undefined);
  }

  private async sameArchive(): Promise<boolean> {
    return this.archiveId !== undefined && (await readArchiveId(this.idPath)) === this.archiveId;
  }

  get isReadOnly(): boolean {
    return this.readOnly;
  }

  /** The folder cannot be used (unreadable, not creatable): carry on in memory instead of failing every write. */
  markUnusable(): void {
    this.readOnly = true;
  }
}

export interface LeaseInfo {
  owner: string;
  expiresAt: number;
  /** Whether the holder's window had focus when it last renewed. */
  focused: boolean;
}

/** `X DMs: Clear Local Cache` and sign-out: removes the account's archive folder. */
export async function deleteArchiveFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
