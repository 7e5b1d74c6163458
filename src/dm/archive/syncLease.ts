import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ArchiveFs } from './archiveFs';
import { readLease, takeLease, type LeaseInfo } from './lease';
import { withLock, type LockOptions } from './lock';
import { removeQuietly } from './snapshot';

export interface SyncLeaseContext {
  fs: ArchiveFs;
  leasePath: string;
  lockPath: string;
  lockOptions: LockOptions;
  now: () => number;
  /** False once the archive was cleared by another window or the disk went read-only. */
  usable: () => Promise<boolean>;
  readOnly: () => boolean;
}

/** This window's side of `sync.lease`: only its holder polls X; the other windows replay the log. */
export class SyncLease {
  readonly ownerId = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;

  constructor(private readonly ctx: SyncLeaseContext) {}

  read(): Promise<LeaseInfo | undefined> {
    return readLease(this.ctx.fs, this.ctx.leasePath);
  }

  /** Takes or renews the lease when free, expired, ours, or (`steal`) held by another window. */
  async acquire(ttlMs: number, options: { steal?: boolean; focused?: boolean } = {}): Promise<boolean> {
    const { fs, leasePath, lockPath, lockOptions, now } = this.ctx;
    if (this.ctx.readOnly()) return false;
    const lease = (): { owner: string; now: number; ttlMs: number; focused: boolean } => ({ owner: this.ownerId, now: now(), ttlMs, focused: options.focused ?? true });
    // Cleared: the watcher reloads us first.
    const take = async (): Promise<boolean> => (await this.ctx.usable()) && takeLease(fs, leasePath, lease(), options.steal ?? false);
    return withLock(lockPath, take, lockOptions);
  }

  async release(): Promise<void> {
    const release = async (): Promise<void> => {
      if ((await this.read())?.owner === this.ownerId) await removeQuietly(this.ctx.fs, this.ctx.leasePath);
    };
    await withLock(this.ctx.lockPath, release, this.ctx.lockOptions).catch(() => undefined);
  }
}
