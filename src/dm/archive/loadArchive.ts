import path from 'node:path';
import type { Logger } from '../../util/logger';
import { errorCode, type ArchiveFs } from './archiveFs';
import { ensureArchiveId } from './identity';
import { fileSize, readLog } from './log';
import { listGenerations, logName, moveAside, readSnapshot, snapshotName, type SnapshotRead } from './snapshot';
import { LOG_VERSION } from './schema';
import type { SnapshotThreads } from './snapshotThreads';
import { ArchiveState } from './state';

/**
 * Reading the archive folder into memory, with the rule that history is never lost on a bad day:
 * - an I/O error (EIO, EMFILE, EBUSY, …) is never taken for damage: the whole load is retried, and if the disk
 *   keeps failing the archive is shown from what can be read, read-only (nothing written, compacted or deleted);
 * - a file that reads fine but is not a valid snapshot is damaged: it is renamed aside, never deleted, and the
 *   load counts as partial (no compaction this session, so nothing older is retired on its account);
 * - a file that vanished between listing and reading was compacted by another window: the load starts over.
 */
export interface LoadReport {
  events: number;
  damagedLines: number;
  partialTailBytes: number;
  readOnly: boolean;
  /** Why nothing is written this session. */
  readOnlyReason?: 'ioError' | 'newerVersion';
  /** errno code of the disk error behind `ioError`. */
  ioError?: string;
  /** Damaged files renamed aside by this load (names inside the archive folder). */
  setAside: string[];
  /** Something on disk was not loaded: compaction stays off for this session. */
  partial: boolean;
  migratedFrom?: number;
}

export interface LoadedArchive {
  state: ArchiveState;
  report: LoadReport;
  generation: number;
  /** Offset in the current generation's log just after the last complete line read. */
  offset: number;
  snapshotBytes: number;
  /** Damaged lines in the current generation's log: it is set aside, not deleted, when compacted. */
  damagedInLog: number;
  /** Undefined when read-only (the id is never created then). */
  archiveId: string | undefined;
  /** A lazy load's snapshot threads, not read yet (`state.index` lists them); the caller loads and closes them. */
  threads?: SnapshotThreads;
  /** Generation of the snapshot that was loaded (-1: none). */
  snapshotGeneration: number;
}

export interface LoadContext {
  fs: ArchiveFs;
  dir: string;
  idPath: string;
  logger: Logger;
  now: () => number;
  /** Waits between attempts; one more attempt than entries, then the read-only load. */
  retryDelaysMs: readonly number[];
  /** Read only the snapshot's head and conversation index; threads stay on disk until asked for. */
  lazy?: boolean;
  /** The account the index must have been derived for; another owner's index is not used (read whole). */
  me?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function loadArchive(ctx: LoadContext): Promise<LoadedArchive> {
  const setAside: string[] = [];
  let lastCode = 'EIO';
  for (let attempt = 0; attempt <= ctx.retryDelaysMs.length; attempt++) {
    try {
      return await loadOnce(ctx, setAside, undefined);
    } catch (error) {
      const code = errorCode(error);
      if (code === undefined) throw error; // a bug, not the disk
      lastCode = code;
      ctx.logger.warn(`DM archive read failed (${code}), attempt ${attempt + 1}: ${String(error)}`);
      const delay = ctx.retryDelaysMs[attempt];
      if (delay !== undefined) await sleep(delay);
    }
  }
  ctx.logger.error(`DM archive: the disk keeps failing (${lastCode}); showing what can be read, read-only.`);
  return loadOnce(ctx, setAside, lastCode);
}

/** `ioError` set: the read-only pass after retries, which skips what cannot be read and changes nothing on disk. */
async function loadOnce(ctx: LoadContext, setAside: string[], ioError: string | undefined): Promise<LoadedArchive> {
  const held: { threads?: SnapshotThreads } = {};
  try {
    return await readFolder(ctx, setAside, ioError, held);
  } catch (error) {
    // A failed attempt must not leave the snapshot it opened for its threads open.
    await held.threads?.close();
    throw error;
  }
}

async function readFolder(
  ctx: LoadContext,
  setAside: string[],
  ioError: string | undefined,
  held: { threads?: SnapshotThreads },
): Promise<LoadedArchive> {
  const { fs, dir, logger } = ctx;
  const lenient = ioError !== undefined;
  const report: LoadReport = {
    events: 0,
    damagedLines: 0,
    partialTailBytes: 0,
    readOnly: lenient,
    setAside,
    partial: lenient || setAside.length > 0,
    ...(lenient ? { readOnlyReason: 'ioError' as const, ioError } : {}),
  };
  const state = new ArchiveState();
  let base = -1;
  const done = (rest: Omit<LoadedArchive, 'state' | 'report' | 'snapshotGeneration'>): LoadedArchive => {
    report.events = state.events.size;
    return { state, report, snapshotGeneration: base, ...rest, ...(held.threads ? { threads: held.threads } : {}) };
  };
  await fs.mkdir(dir);
  const listing = await listGenerations(fs, dir);
  let snapshotBytes = 0;
  for (const generation of [...listing.snapshots].reverse()) {
    let result: SnapshotRead;
    try {
      result = await readSnapshot(fs, dir, generation, ctx.lazy === true);
      if (result.ok && 'threads' in result && result.head.me !== (ctx.me ?? '')) {
        // Indexed for someone else (a copied folder): the index's unread and members would be wrong.
        await result.threads.close();
        result = await readSnapshot(fs, dir, generation);
      }
    } catch (error) {
      if (!lenient) throw error;
      continue;
    }
    if (result.ok) {
      if ('threads' in result) {
        state.loadHead(result.head);
        held.threads = result.threads;
      } else {
        state.loadSnapshot(result.snapshot);
        if (result.migratedFrom !== undefined) report.migratedFrom = result.migratedFrom;
      }
      snapshotBytes = (await fileSize(fs, path.join(dir, snapshotName(generation))).catch(() => 0)) ?? 0;
      base = generation;
      break;
    }
    if (result.reason === 'missing') {
      if (!lenient) throw Object.assign(new Error('snapshot vanished while loading'), { code: 'ENOENT' });
      continue;
    }
    if (result.reason === 'newerVersion') {
      logger.warn(`DM archive was written by a newer version (${result.detail}); using memory only.`);
      Object.assign(report, { readOnly: true, readOnlyReason: 'newerVersion', partial: true });
      return done({ generation: 0, offset: 0, snapshotBytes: 0, damagedInLog: 0, archiveId: undefined });
    }
    logger.warn(`DM archive snapshot ${generation} is damaged (${result.detail}); setting it aside.`);
    report.partial = true;
    if (!lenient) setAside.push(await moveAside(fs, dir, snapshotName(generation), ctx.now()));
  }
  // Logs at or above the snapshot's generation hold what came after it (normally exactly one).
  const pending = listing.logs.filter((g) => g >= Math.max(base, 0));
  const generation = Math.max(base, 0, ...pending);
  let offset = 0;
  let damagedInLog = 0;
  for (const g of pending) {
    let result;
    try {
      result = await readLog(fs, path.join(dir, logName(g)));
    } catch (error) {
      if (!lenient) throw error;
      continue;
    }
    if (result.headerVersion !== undefined && result.headerVersion > LOG_VERSION) {
      logger.warn('DM archive log was written by a newer version; using memory only.');
      report.readOnly = true;
      report.readOnlyReason ??= 'newerVersion';
    }
    for (const record of result.records) state.apply(record);
    report.damagedLines += result.damagedLines;
    report.partialTailBytes += result.partialTailBytes;
    if (g === generation) {
      offset = result.endOffset;
      damagedInLog = result.damagedLines;
    }
  }
  if (report.damagedLines > 0 || report.partialTailBytes > 0) {
    logger.warn(
      `DM archive: skipped ${report.damagedLines} damaged line(s) and ${report.partialTailBytes} byte(s) of a torn tail; the next sync re-fetches what they held.`,
    );
  }
  const archiveId = report.readOnly ? undefined : await ensureArchiveId(fs, ctx.idPath);
  return done({ generation, offset, snapshotBytes, damagedInLog, archiveId });
}
