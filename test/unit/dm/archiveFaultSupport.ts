import assert from 'node:assert/strict';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DiskArchive } from '../../../src/dm/archive/diskArchive';
import type { ArchiveFs } from '../../../src/dm/archive/archiveFs';
import type { ArchiveRecord } from '../../../src/dm/archive/schema';
import { silentLogger } from '../../../src/util/logger';

/** Helpers of the archive fault-injection suite: a seeded folder, copies of it, and the "0 events lost" check. */
export const eventRecords = (from: number, count: number): ArchiveRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    k: 'e' as const,
    e: { i: String(from + i), t: 0 as const, c: '100-200', s: '200', a: 1_700_000_000_000 + i, x: `message ${from + i}` },
  }));

export const idsOf = (records: ArchiveRecord[]): string[] => records.flatMap((r) => (r.k === 'e' ? [r.e.i] : []));

export function openArchive(dir: string, fs?: ArchiveFs): DiskArchive {
  // staleMs 0: after a simulated crash the dead "process" is this one, whose pid is alive.
  return new DiskArchive(dir, { logger: silentLogger, loadRetryDelaysMs: [0, 0], lock: { staleMs: 0 }, ...(fs ? { fs } : {}) });
}

export async function tempDir(prefix = 'xdm-fault-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/**
 * An archive as it looks after weeks of use: a snapshot (generation 1) of 40 events and a log of 10 more, all
 * acknowledged. Returns the folder and the ids.
 */
export async function seedArchive(): Promise<{ dir: string; ids: string[] }> {
  const dir = await tempDir('xdm-seed-');
  const archive = openArchive(dir);
  const { state } = await archive.load();
  const old = eventRecords(1000, 40);
  for (const r of old) state.apply(r);
  await archive.append(old);
  assert.equal(await archive.compactIfNeeded(state, undefined, true), true);
  const recent = eventRecords(2000, 10);
  await archive.append(recent);
  return { dir, ids: [...idsOf(old), ...idsOf(recent)] };
}

export async function cloneDir(source: string): Promise<string> {
  const dir = await tempDir();
  await cp(source, dir, { recursive: true });
  return dir;
}

/** Reopens the folder with the real file system and returns the ids it holds. */
export async function idsOnDisk(dir: string): Promise<Set<string>> {
  const { state } = await openArchive(dir).load();
  return new Set(state.events.keys());
}

export function assertHasAll(found: Set<string>, expected: Iterable<string>, label: string): void {
  const missing = [...expected].filter((id) => !found.has(id));
  assert.deepEqual(missing, [], `${label}: ${missing.length} acknowledged event(s) lost`);
}
