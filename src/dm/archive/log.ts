import { open, stat } from 'node:fs/promises';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, parseRecord, type ArchiveRecord } from './schema';

/**
 * The append-only half of the archive: `log-<generation>.jsonl`, one JSON record per line, the first line a
 * header with the format version. Every batch is written with a single `write(2)` in append mode while holding
 * the archive lock, so lines of two windows never interleave. A crash can leave at most one unterminated line at
 * the end; readers never consume an unterminated line (it may still be being written), and the next writer
 * terminates it first so it becomes one damaged line that every reader skips.
 */
export interface LogReadResult {
  records: ArchiveRecord[];
  /** Offset just after the last complete line consumed. */
  endOffset: number;
  /** Complete lines that were not valid JSON records (skipped). */
  damagedLines: number;
  /** Bytes after the last newline (an unfinished or torn write). */
  partialTailBytes: number;
  /** Header version when the read started at 0 and a header was found. */
  headerVersion?: number;
}

const NEWLINE = 0x0a;

export async function readLog(path: string, fromOffset = 0): Promise<LogReadResult> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { records: [], endOffset: 0, damagedLines: 0, partialTailBytes: 0 };
    }
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size <= fromOffset) return { records: [], endOffset: fromOffset, damagedLines: 0, partialTailBytes: 0 };
    const buffer = Buffer.allocUnsafe(size - fromOffset);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, fromOffset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return parseLines(buffer.subarray(0, filled), fromOffset);
  } finally {
    await handle.close();
  }
}

function parseLines(buffer: Buffer, baseOffset: number): LogReadResult {
  const records: ArchiveRecord[] = [];
  let damagedLines = 0;
  let headerVersion: number | undefined;
  let start = 0;
  for (;;) {
    const end = buffer.indexOf(NEWLINE, start);
    if (end < 0) break;
    if (end > start) {
      const record = decode(buffer.toString('utf8', start, end));
      if (!record) damagedLines += 1;
      else if (record.k === 'h') headerVersion = record.v;
      else records.push(record);
    }
    start = end + 1;
  }
  return {
    records,
    endOffset: baseOffset + start,
    damagedLines,
    partialTailBytes: buffer.length - start,
    ...(headerVersion !== undefined ? { headerVersion } : {}),
  };
}

function decode(line: string): ArchiveRecord | undefined {
  try {
    return parseRecord(JSON.parse(line));
  } catch {
    return undefined;
  }
}

export function headerRecord(): ArchiveRecord {
  return { k: 'h', v: ARCHIVE_VERSION, format: ARCHIVE_FORMAT };
}

/**
 * Appends records as one write. Caller holds the archive lock. Returns the file size before and after, so the
 * caller can tell whether anyone else wrote since its last read.
 */
export async function appendRecords(path: string, records: ArchiveRecord[]): Promise<{ before: number; after: number }> {
  const handle = await open(path, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size === 0) prefix = `${JSON.stringify(headerRecord())}\n`;
    else {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      // Terminate a torn line left by a crash so our first record does not glue onto it.
      if (last[0] !== NEWLINE) prefix = '\n';
    }
    const body = prefix + records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const bytes = Buffer.from(body, 'utf8');
    await handle.write(bytes, 0, bytes.length);
    return { before: size, after: size + bytes.length };
  } finally {
    await handle.close();
  }
}

export async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
