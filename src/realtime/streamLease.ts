import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { nodeArchiveFs, type ArchiveFs } from '../dm/archive/archiveFs';
import { withLock } from '../dm/archive/lock';

/**
 * `stream.lease` in the account's archive folder: which window holds the Activity stream for every window of the
 * machine (X allows two connections per app), and whether that stream is healthy, so the other windows slow their
 * polling too. Same mechanism as the sync lease (`sync.lease`): written whole under `archive.lock`, a missing,
 * torn or expired file means nobody holds it.
 */
export const STREAM_LEASE_TTL_MS = 60_000;

export interface StreamLeaseInfo {
  owner: string;
  expiresAt: number;
  healthy: boolean;
  /** When the holder's stream went down (absent while healthy or before it first connected). */
  downSince?: number;
}

export class StreamLease {
  readonly ownerId = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  private readonly leasePath: string;
  private readonly lockPath: string;

  constructor(
    dir: string,
    private readonly now: () => number,
    private readonly fs: ArchiveFs = nodeArchiveFs,
  ) {
    this.leasePath = path.join(dir, 'stream.lease');
    this.lockPath = path.join(dir, 'archive.lock');
  }

  async read(): Promise<StreamLeaseInfo | undefined> {
    try {
      const raw = JSON.parse(await this.fs.readFile(this.leasePath)) as Partial<StreamLeaseInfo> | null;
      if (raw && typeof raw.owner === 'string' && typeof raw.expiresAt === 'number') {
        return { owner: raw.owner, expiresAt: raw.expiresAt, healthy: raw.healthy === true, ...(typeof raw.downSince === 'number' ? { downSince: raw.downSince } : {}) };
      }
    } catch {
      // absent or torn: nobody holds it
    }
    return undefined;
  }

  /** Takes the lease when free, expired or ours, and records the stream's health; false when another window holds it. */
  async acquire(health: { healthy: boolean; downSince?: number }): Promise<boolean> {
    await this.fs.mkdir(path.dirname(this.leasePath));
    return withLock(
      this.lockPath,
      async () => {
        const lease = await this.read();
        const now = this.now();
        if (lease && lease.owner !== this.ownerId && lease.expiresAt >= now) return false;
        await this.write({ owner: this.ownerId, expiresAt: now + STREAM_LEASE_TTL_MS, ...health });
        return true;
      },
      { fs: this.fs },
    );
  }

  async release(): Promise<void> {
    await withLock(
      this.lockPath,
      async () => {
        if ((await this.read())?.owner === this.ownerId) await this.fs.unlink(this.leasePath).catch(() => undefined);
      },
      { fs: this.fs },
    ).catch(() => undefined);
  }

  private async write(lease: StreamLeaseInfo): Promise<void> {
    const temp = `${this.leasePath}.tmp-${randomBytes(4).toString('hex')}`;
    await this.fs.writeFile(temp, JSON.stringify({ ...lease, pid: process.pid }));
    try {
      await this.fs.rename(temp, this.leasePath);
    } catch (error) {
      await this.fs.unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
