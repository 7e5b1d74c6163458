import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { isMissing, syncDir, type ArchiveFileHandle, type ArchiveFs } from './archiveFs';
import type { SnapshotFile } from './schema';
import { encodeSnapshot, headLineBytes, migrateSnapshot, parseHeadLine, THREADS_LINE, type MigrationResult, type SnapshotHead } from './snapshotFormat';
import { readAt, SnapshotThreads, THREADS_LINE_BYTES } from './snapshotThreads';

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

export async function listGenerations(fs: ArchiveFs, dir: string): Promise<Generations> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (isMissing(error)) return { snapshots: [], logs: [] };
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

/**
 * The generation new records belong to. Logs count too: after a damaged snapshot was set aside, its log is the
 * newest file of the archive.
 */
export function currentGeneration({ snapshots, logs }: Generations): number {
  return Math.max(0, ...snapshots, ...logs);
}

/** `missing`: the file vanished after the listing (another window compacted). I/O errors are thrown, not folded in. */
export type SnapshotRead =
  | MigrationResult
  | { ok: true; head: SnapshotHead; threads: SnapshotThreads }
  | { ok: false; reason: 'missing'; detail: string };

/**
 * Reads a snapshot. `lazy` and a current-format file: only its head (line 1) is read and validated, and the
 * threads are handed back unread, with the open file (the caller closes `threads`). Otherwise the whole document.
 */
export async function readSnapshot(fs: ArchiveFs, dir: string, generation: number, lazy = false): Promise<SnapshotRead> {
  const file = path.join(dir, snapshotName(generation));
  if (lazy) {
    let handle: ArchiveFileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch (error) {
      if (isMissing(error)) return { ok: false, reason: 'missing', detail: 'vanished' };
      throw error;
    }
    let kept = false;
    try {
      const result = await readHead(handle);
      if (result.ok && 'threads' in result) kept = true;
      return result;
    } finally {
      if (!kept) await handle.close();
    }
  }
  let text: string;
  try {
    text = await fs.readFile(file);
  } catch (error) {
    if (isMissing(error)) return { ok: false, reason: 'missing', detail: 'vanished' };
    throw error;
  }
  return parseWhole(text);
}

function parseWhole(text: string): MigrationResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid', detail: 'not JSON' };
  }
  return migrateSnapshot(raw);
}

const FIRST_CHUNK = 64 * 1024;

/** Reads line 1 (the first chunk, then the rest of it at once); a file that is not a current head is read whole. */
async function readHead(handle: ArchiveFileHandle): Promise<SnapshotRead> {
  const { size } = await handle.stat();
  let buffer = await readAt(handle, 0, Math.min(size, FIRST_CHUNK));
  const lineBytes = headLineBytes(buffer);
  if (lineBytes === undefined) {
    const rest = await readAt(handle, buffer.length, size - buffer.length);
    return parseWhole(Buffer.concat([buffer, rest]).toString('utf8'));
  }
  // Line 1 and the `"threads":[` line after it.
  const base = lineBytes + THREADS_LINE_BYTES;
  if (base > size) return { ok: false, reason: 'invalid', detail: `truncated: ${size} bytes, head needs ${base}` };
  if (buffer.length < base) buffer = Buffer.concat([buffer, await readAt(handle, buffer.length, base - buffer.length)]);
  if (buffer[lineBytes - 1] !== 0x0a) return { ok: false, reason: 'invalid', detail: 'head line length does not match' };
  const newline = lineBytes - 1;
  const head = parseHeadLine(buffer.toString('utf8', 0, newline));
  if (!head.ok) return head;
  if (buffer.toString('utf8', lineBytes, base) !== `${THREADS_LINE}\n`) {
    return { ok: false, reason: 'invalid', detail: 'no thread lines after the head' };
  }
  const end = head.head.conversations.reduce((max, c) => Math.max(max, c.o + c.b), 0);
  if (base + end > size) return { ok: false, reason: 'invalid', detail: `truncated: ${size} bytes, index needs ${base + end}` };
  return { ok: true, head: head.head, threads: new SnapshotThreads(handle, base, size, head.head) };
}

/**
 * Writes the snapshot in the current format, its conversation index derived for `me`. `legacy` writes version 1
 * (one flat document), which only the bench and format tests still produce. Returns the size in bytes.
 */
export async function writeSnapshot(
  fs: ArchiveFs,
  dir: string,
  snapshot: SnapshotFile,
  options: { me: string } | { legacy: true },
): Promise<number> {
  const bytes =
    'legacy' in options ? Buffer.from(JSON.stringify({ ...snapshot, version: 1 }), 'utf8') : encodeSnapshot(snapshot, options.me);
  const target = path.join(dir, snapshotName(snapshot.generation));
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (error) {
    // Only our own half-written copy is removed; the generation it was meant to replace is untouched.
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  // The new snapshot must be on disk before the caller retires the log it replaces.
  await syncDir(fs, dir);
  return bytes.length;
}

/**
 * Renames a damaged file to `<name>.corrupt-<time><ext>` in the same folder. Never deletes: what a person or a
 * later version can still recover from it stays on disk. Returns the new name.
 */
export async function moveAside(fs: ArchiveFs, dir: string, name: string, now: number): Promise<string> {
  const ext = path.extname(name);
  const aside = `${name.slice(0, name.length - ext.length)}.corrupt-${now}-${randomBytes(2).toString('hex')}${ext}`;
  await fs.rename(path.join(dir, name), path.join(dir, aside));
  return aside;
}

/**
 * After the snapshot of generation `previous + 1` is on disk: removes the log and snapshots it replaces. A log
 * with lines that could not be read is renamed aside instead (returned), since only readable lines reached the
 * snapshot. Failures are ignored: a leftover file of an older generation is never read again.
 */
export async function retireGeneration(
  fs: ArchiveFs,
  dir: string,
  { previous, snapshots, keepLog, now }: { previous: number; snapshots: number[]; keepLog: boolean; now: number },
): Promise<string | undefined> {
  let aside: string | undefined;
  if (keepLog) aside = await moveAside(fs, dir, logName(previous), now).catch(() => undefined);
  else await removeQuietly(fs, path.join(dir, logName(previous)));
  for (const g of snapshots) if (g <= previous) await removeQuietly(fs, path.join(dir, snapshotName(g)));
  return aside;
}

export async function removeQuietly(fs: ArchiveFs, file: string): Promise<void> {
  await fs.unlink(file).catch(() => undefined);
}
