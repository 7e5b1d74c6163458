import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { migrateSnapshot, type MigrationResult, type SnapshotFile } from './schema';

/**
 * The compacted half of the archive: `snapshot-<generation>.json`, written to a temporary file, flushed to disk
 * and renamed into place, so a reader sees either the old or the new snapshot, never a half-written one.
 */
export const snapshotName = (generation: number): string => `snapshot-${generation}.json`;
export const logName = (generation: number): string => `log-${generation}.jsonl`;

export interface Generations {
  snapshots: number[];
  logs: number[];
}

export async function listGenerations(dir: string): Promise<Generations> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { snapshots: [], logs: [] };
    throw error;
  }
  const snapshots: number[] = [];
  const logs: number[] = [];
  for (const name of names) {
    const s = /^snapshot-(\d+)\.json$/.exec(name);
    if (s) snapshots.push(Number(s[1]));
    const l = /^log-(\d+)\.jsonl$/.exec(name);
    if (l) logs.push(Number(l[1]));
  }
  snapshots.sort((a, b) => a - b);
  logs.sort((a, b) => a - b);
  return { snapshots, logs };
}

export async function readSnapshot(dir: string, generation: number): Promise<MigrationResult> {
  let text: string;
  try {
    text = await readFile(path.join(dir, snapshotName(generation)), 'utf8');
  } catch (error) {
    return { ok: false, reason: 'invalid', detail: (error as Error).message };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid', detail: 'not JSON' };
  }
  return migrateSnapshot(raw);
}

/** Returns the snapshot's size in bytes. */
export async function writeSnapshot(dir: string, snapshot: SnapshotFile): Promise<number> {
  const target = path.join(dir, snapshotName(snapshot.generation));
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'w');
  const bytes = Buffer.from(JSON.stringify(snapshot), 'utf8');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return bytes.length;
}

export async function removeQuietly(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}
