import type { Logger } from '../../util/logger';
import { errorCode, type ArchiveFs } from './archiveFs';
import { moveAside, snapshotName } from './snapshot';
import type { SnapshotThreads } from './snapshotThreads';
import type { ArchiveState } from './state';

/**
 * The second half of a lazy load: every snapshot thread into `state`, after the list is on screen. The rules
 * of a whole load hold here too (docs/decisions/002-archive-durability.md): an I/O error is retried and, if the
 * disk keeps failing, leaves the archive read-only with what could be read; a thread that reads but does not
 * parse or validate makes the snapshot damaged, so it is moved aside (never deleted) once every good thread is
 * in memory. Either way the caller blocks compaction for the session: `state` stays incomplete or lacks what was
 * set aside, and only compaction retires files.
 */
export interface ThreadLoadResult {
  /** errno code when the disk kept failing. */
  ioError?: string;
  /** The damaged snapshot's new name, when it was set aside. */
  setAside?: string;
  damagedThreads: number;
}

export interface ThreadLoadContext {
  fs: ArchiveFs;
  dir: string;
  logger: Logger;
  now: () => number;
  retryDelaysMs: readonly number[];
  /** False when nothing may change on disk (read-only): a damaged snapshot is then left where it is. */
  mayMoveAside: () => boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function loadAllThreads(
  ctx: ThreadLoadContext,
  state: ArchiveState,
  threads: SnapshotThreads,
  generation: number,
): Promise<ThreadLoadResult> {
  let damaged = 0;
  let detail = '';
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await threads.readAll((entry, result) => {
          if (result.ok) state.loadThread(entry.c, result.events);
          else if (state.index.has(entry.c)) {
            damaged += 1;
            detail = result.detail;
          }
        });
        break;
      } catch (error) {
        const code = errorCode(error);
        if (code === undefined) throw error;
        ctx.logger.warn(`DM archive threads could not be read (${code}), attempt ${attempt + 1}.`);
        const delay = ctx.retryDelaysMs[attempt];
        if (delay === undefined) return { ioError: code, damagedThreads: 0 };
        await sleep(delay);
      }
    }
  } finally {
    await threads.close();
  }
  if (damaged === 0) return { damagedThreads: 0 };
  ctx.logger.warn(`DM archive snapshot ${generation}: ${damaged} damaged thread(s) (${detail}); setting it aside.`);
  if (!ctx.mayMoveAside()) return { damagedThreads: damaged };
  const aside = await moveAside(ctx.fs, ctx.dir, snapshotName(generation), ctx.now()).catch((error: unknown) => {
    ctx.logger.warn(`DM archive: could not set the damaged snapshot aside: ${String(error)}`);
    return undefined;
  });
  return { damagedThreads: damaged, ...(aside ? { setAside: aside } : {}) };
}

/** One conversation's thread on demand (opening it before the rest has loaded). Failures wait for the full load. */
export async function loadOneThread(state: ArchiveState, threads: SnapshotThreads, conversationId: string, logger: Logger): Promise<boolean> {
  if (!state.index.has(conversationId)) return false;
  try {
    const result = await threads.read(conversationId);
    if (!result?.ok) return false;
    return state.loadThread(conversationId, result.events);
  } catch (error) {
    logger.debug(`DM archive: thread ${conversationId} not read on demand (${String(error)}); it comes with the rest.`);
    return false;
  }
}
