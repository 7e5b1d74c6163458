import type { ArchiveFileHandle } from './archiveFs';
import type { ConversationIndexEntry } from './conversationIndex';
import type { EventRec } from './schema';
import { parseThread, THREADS_LINE, type Invalid, type SnapshotHead } from './snapshotFormat';

/**
 * The threads of a version-2 snapshot whose head was loaded: reads one conversation's line, or all of them, from
 * the handle the head was read through. Holding that handle keeps the file's content even if another window
 * compacts and retires it meanwhile, so the threads always match the index and the log offset loaded with it.
 */
export class SnapshotThreads {
  readonly entries: ReadonlyMap<string, ConversationIndexEntry>;
  private closed = false;

  constructor(
    private readonly handle: ArchiveFileHandle,
    /** Byte offset of the first thread line. */
    private readonly base: number,
    private readonly size: number,
    head: SnapshotHead,
  ) {
    this.entries = new Map(head.conversations.map((entry) => [entry.c, entry]));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** One conversation's events, oldest first (undefined: not in this snapshot or already closed). */
  async read(conversationId: string): Promise<{ ok: true; events: EventRec[] } | Invalid | undefined> {
    const entry = this.entries.get(conversationId);
    if (!entry || this.closed) return undefined;
    const bytes = await readAt(this.handle, this.base + entry.o, entry.b);
    return parseThread(bytes.toString('utf8'), entry);
  }

  /**
   * Every thread, with one read; parsed line by line, yielding to the event loop every few milliseconds so the
   * extension host stays responsive while a large archive finishes loading in the background.
   */
  async readAll(each: (entry: ConversationIndexEntry, result: ReturnType<typeof parseThread>) => void): Promise<void> {
    if (this.closed) return;
    const bytes = await readAt(this.handle, this.base, this.size - this.base);
    let slice = performance.now();
    for (const entry of this.entries.values()) {
      each(entry, parseThread(bytes.toString('utf8', entry.o, entry.o + entry.b), entry));
      if (performance.now() - slice > 8) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }
}

/** Reads `length` bytes at `position` (fewer only at the end of the file). */
export async function readAt(handle: ArchiveFileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(Math.max(0, length));
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

export const THREADS_LINE_BYTES = Buffer.byteLength(`${THREADS_LINE}\n`);
