import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';

/**
 * A cross-process mutex for the archive folder: `archive.lock`, created with O_EXCL. Every write (append,
 * compaction, lease change) holds it for milliseconds, so waiting is short; a lock left by a crashed window is
 * broken when its owner process is gone (same host) or it is older than `staleMs`. Breaking renames the stale
 * file away after re-checking its token, which keeps two waiters from both breaking and then both owning.
 */
export interface LockOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** A lock held longer than this is considered abandoned (default 30 s; real holds last milliseconds). */
  staleMs?: number;
}

interface LockContent {
  pid: number;
  host: string;
  token: string;
  at: number;
}

export class LockTimeoutError extends Error {
  readonly kind = 'archiveLockTimeout' as const;
}

export type Release = () => Promise<void>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function acquireLock(lockPath: string, options: LockOptions = {}): Promise<Release> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const content: LockContent = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), at: Date.now() };
  const started = Date.now();
  let delay = 5;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(JSON.stringify(content));
      } finally {
        await handle.close();
      }
      return async () => {
        const current = await readContent(lockPath);
        if (current?.token === content.token) await unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    await breakIfStale(lockPath, staleMs);
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

async function readContent(lockPath: string): Promise<LockContent | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(lockPath, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'token' in parsed) return parsed as LockContent;
  } catch {
    // unreadable: a writer is between create and write, or the file vanished
  }
  return undefined;
}

async function breakIfStale(lockPath: string, staleMs: number): Promise<void> {
  let mtime: number;
  try {
    mtime = (await stat(lockPath)).mtimeMs;
  } catch {
    return;
  }
  const content = await readContent(lockPath);
  const ownerGone = content !== undefined && content.host === hostname() && !processAlive(content.pid);
  if (!ownerGone && Date.now() - mtime < staleMs) return;
  const again = await readContent(lockPath);
  if (content && again?.token !== content.token) return; // someone else took it meanwhile
  const aside = `${lockPath}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
    await unlink(aside);
  } catch {
    // another waiter broke it first
  }
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
