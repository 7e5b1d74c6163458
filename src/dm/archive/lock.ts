import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { errorCode, nodeArchiveFs, type ArchiveFileStat, type ArchiveFs } from './archiveFs';

/**
 * A cross-process mutex for the archive folder: `archive.lock`, created with O_EXCL and held for milliseconds. A
 * stale lock is broken by renaming it aside and checking it is the one judged stale (ADR 013).
 */
export interface LockOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** A lock held longer than this is considered abandoned (default 30 s; real holds last milliseconds). */
  staleMs?: number;
  fs?: ArchiveFs;
}

interface LockContent {
  pid: number;
  host: string;
  token: string;
  at: number;
}

export class LockTimeoutError extends Error {
  readonly kind = 'archiveLockTimeout' as const;
  /** Reported like a disk error: the write is kept and retried, the user sees why. */
  readonly code = 'ETIMEDOUT';
}

export type Release = () => Promise<void>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<Release> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const fs = options.fs ?? nodeArchiveFs;
  const content: LockContent = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), at: Date.now() };
  const started = Date.now();
  let delay = 5;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      try {
        await handle.writeFile(JSON.stringify(content));
        await handle.close();
      } catch (error) {
        // An empty lock nobody owns would stall every window for `staleMs`: take it back at once.
        await handle.close().catch(() => undefined);
        await fs.unlink(lockPath).catch(() => undefined);
        throw error;
      }
      return async () => {
        const current = await readContent(fs, lockPath);
        if (current?.token === content.token) await fs.unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    await breakIfStale(fs, lockPath, staleMs);
    if (Date.now() - started > timeoutMs) throw new LockTimeoutError(`archive lock busy: ${lockPath}`);
    await sleep(delay);
    delay = Math.min(delay * 2, 100);
  }
}

export async function withLock<T>(lockPath: string, fn: () => Promise<T>, options?: LockOptions): Promise<T> {
  const release = await acquireLock(lockPath, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}

async function readContent(fs: ArchiveFs, file: string): Promise<LockContent | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(file));
    if (parsed && typeof parsed === 'object' && 'token' in parsed) return parsed as LockContent;
  } catch {
    // unreadable: a writer is between create and write, or the file vanished
  }
  return undefined;
}

async function breakIfStale(fs: ArchiveFs, lockPath: string, staleMs: number): Promise<void> {
  let seen: ArchiveFileStat;
  try {
    seen = await fs.stat(lockPath);
  } catch {
    return;
  }
  const content = await readContent(fs, lockPath);
  const ownerGone = content !== undefined && content.host === hostname() && !processAlive(content.pid);
  if (!ownerGone && Date.now() - seen.mtimeMs < staleMs) return;
  const aside = `${lockPath}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return; // another waiter broke it first
  }
  let moved: ArchiveFileStat | undefined;
  try {
    moved = await fs.stat(aside);
  } catch {
    moved = undefined;
  }
  const movedContent = await readContent(fs, aside);
  const same =
    moved !== undefined &&
    moved.ino === seen.ino &&
    moved.mtimeMs === seen.mtimeMs &&
    movedContent?.token === content?.token;
  if (!same) {
    // We took a lock someone acquired after our look: hand it back unless a third opener already holds one.
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.unlink(aside).catch(() => undefined);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
