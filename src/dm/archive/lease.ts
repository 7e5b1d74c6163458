import { randomBytes } from 'node:crypto';
import type { ArchiveFs } from './archiveFs';

/**
 * `sync.lease`: which window polls X for everyone sharing the archive folder. Written whole (temp file +
 * rename) under the archive lock; a missing or torn file means nobody holds it.
 */
export interface LeaseInfo {
  owner: string;
  expiresAt: number;
  /** Whether the holder's window had focus when it last renewed. */
  focused: boolean;
}

export async function readLease(fs: ArchiveFs, leasePath: string): Promise<LeaseInfo | undefined> {
  try {
    const raw: unknown = JSON.parse(await fs.readFile(leasePath));
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

/** Takes or renews the lease when free, expired, already ours, or when `steal`. Caller holds the archive lock. */
export async function takeLease(
  fs: ArchiveFs,
  leasePath: string,
  me: { owner: string; now: number; ttlMs: number; focused: boolean },
  steal: boolean,
): Promise<boolean> {
  const lease = await readLease(fs, leasePath);
  const free = !lease || lease.owner === me.owner || lease.expiresAt < me.now;
  if (!free && !steal) return false;
  await writeLease(fs, leasePath, { owner: me.owner, expiresAt: me.now + me.ttlMs, focused: me.focused });
  return true;
}

async function writeLease(
  fs: ArchiveFs,
  leasePath: string,
  lease: { owner: string; expiresAt: number; focused: boolean },
): Promise<void> {
  const temp = `${leasePath}.tmp-${randomBytes(4).toString('hex')}`;
  await fs.writeFile(temp, JSON.stringify({ ...lease, pid: process.pid }));
  try {
    await fs.rename(temp, leasePath);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}
