import * as fsp from 'node:fs/promises';

/**
 * Every file-system call the archive makes goes through this seam, so the fault-injection suite can fail or
 * "crash" any single step (see docs/decisions/002-archive-durability.md). The default is `node:fs/promises`.
 */
export interface ArchiveFileHandle {
  stat(): Promise<{ size: number }>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  /** Writes at the end in append mode; may write fewer bytes than asked (the caller loops). */
  write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  writeFile(data: Buffer | string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface ArchiveFileStat {
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface ArchiveFs {
  mkdir(dir: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  readFile(file: string): Promise<string>;
  writeFile(file: string, data: string): Promise<void>;
  open(file: string, flags: 'r' | 'w' | 'wx' | 'a+'): Promise<ArchiveFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  /** Hard link: fails with EEXIST instead of replacing, which makes it an atomic "create if absent". */
  link(existing: string, created: string): Promise<void>;
  stat(file: string): Promise<ArchiveFileStat>;
  rmdirRecursive(dir: string): Promise<void>;
}

export const nodeArchiveFs: ArchiveFs = {
  mkdir: async (dir) => {
    await fsp.mkdir(dir, { recursive: true });
  },
  readdir: (dir) => fsp.readdir(dir),
  readFile: (file) => fsp.readFile(file, 'utf8'),
  writeFile: (file, data) => fsp.writeFile(file, data),
  open: (file, flags) => fsp.open(file, flags),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (file) => fsp.unlink(file),
  link: (existing, created) => fsp.link(existing, created),
  stat: (file) => fsp.stat(file),
  rmdirRecursive: (dir) => fsp.rm(dir, { recursive: true, force: true }),
};

export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const isMissing = (error: unknown): boolean => errorCode(error) === 'ENOENT';

/** Best-effort fsync of a folder so a rename is on disk before what depends on it (unsupported on Windows). */
export async function syncDir(fs: ArchiveFs, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a folder; a failed folder fsync only weakens power-loss ordering, never correctness.
  }
}

/** `X DMs: Clear Local Cache` and sign-out: removes the account's archive folder. */
export async function deleteArchiveFolder(dir: string, fs: ArchiveFs = nodeArchiveFs): Promise<void> {
  await fs.rmdirRecursive(dir);
}
