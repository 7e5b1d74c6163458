import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { nodeArchiveFs, type ArchiveFs } from '../../../src/dm/archive/archiveFs';
import { acquireLock } from '../../../src/dm/archive/lock';
import { FaultyFs } from './faultyFs';
import { tempDir } from './archiveFaultSupport';

const deadLock = () => JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), token: 'dead', at: 0 });

/**
 * The losing interleaving, forced: every breaker has judged the same lock stale before any of them renames it;
 * the first rename goes at once, the others only after the first breaker has taken a fresh lock.
 */
function racingFs(breakers: number): ArchiveFs {
  const waiting: (() => void)[] = [];
  let renames = 0;
  let freshLockTaken: () => void = () => undefined;
  const taken = new Promise<void>((resolve) => (freshLockTaken = resolve));
  return {
    ...nodeArchiveFs,
    open: async (file, flags) => {
      const handle = await nodeArchiveFs.open(file, flags);
      if (flags === 'wx') freshLockTaken();
      return handle;
    },
    rename: async (from, to) => {
      const n = ++renames;
      if (n <= breakers) {
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          if (waiting.length === breakers) waiting.forEach((go) => go());
        });
        if (n > 1) await taken;
      }
      return nodeArchiveFs.rename(from, to);
    },
  };
}

for (const breakers of [2, 3]) {
  test(`${breakers} openers racing to break one stale lock: exactly one holds it at a time`, async () => {
    const dir = await tempDir('xdm-lock-');
    const lockPath = path.join(dir, 'archive.lock');
    await writeFile(lockPath, deadLock());
    const fs = racingFs(breakers);
    let inside = 0;
    let most = 0;
    let entered = 0;
    await Promise.all(
      Array.from({ length: breakers }, async () => {
        const release = await acquireLock(lockPath, { timeoutMs: 5000, fs });
        inside += 1;
        entered += 1;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 100));
        inside -= 1;
        await release();
      }),
    );
    assert.equal(most, 1, 'never two holders');
    assert.equal(entered, breakers, 'everyone got the lock in turn');
    assert.deepEqual(await readdir(dir), [], 'no lock and no stale copy left behind');
    await rm(dir, { recursive: true, force: true });
  });
}

test('a lock whose content cannot be written is removed at once, not left for 30 s', async () => {
  const dir = await tempDir('xdm-lock-');
  const lockPath = path.join(dir, 'archive.lock');
  const fs = new FaultyFs();
  fs.failMatching('handle.writeFile', /^archive\.lock$/, 'ENOSPC', 1);
  await assert.rejects(acquireLock(lockPath, { fs }), /ENOSPC/);
  assert.equal(existsSync(lockPath), false);
  const release = await acquireLock(lockPath, { fs, timeoutMs: 100 });
  await release();
  await rm(dir, { recursive: true, force: true });
});
