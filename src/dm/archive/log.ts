import { isMissing, type ArchiveFs, type ArchiveFileHandle } from './archiveFs';
import { ARCHIVE_FORMAT, LOG_VERSION, parseRecord, type ArchiveRecord } from './schema';

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

export async function readLog(fs: ArchiveFs, path: string, fromOffset = 0): Promise<LogReadResult> {
  let handle: ArchiveFileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    if (isMissing(error)) {
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
  return { k: 'h', v: LOG_VERSION, format: ARCHIVE_FORMAT };
}

/**
 * Appends records as one write. Caller holds the archive lock. Returns the file size before and after, so the
 * caller can tell whether anyone else wrote since its last read.
 */
export async function appendRecords(
  fs: ArchiveFs,
  path: string,
  records: ArchiveRecord[],
): Promise<{ before: number; after: number }> {
  const handle = await fs.open(path, 'a+');
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
    // A short write (disk nearly full) is continued, never mistaken for a complete one.
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
      if (bytesWritten <= 0) throw Object.assign(new Error('archive log write made no progress'), { code: 'EIO' });
      written += bytesWritten;
    }
    return { before: size, after: size + bytes.length };
  } finally {
    await handle.close();
  }
}

export async function fileSize(fs: ArchiveFs, path: string): Promise<number | undefined> {
  try {
    return (await fs.stat(path)).size;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
