import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';

/**
 * `archive.id`: a random identity per archive folder. A window remembers the id it loaded; when the file is gone
 * or different (X DMs: Clear Local Cache, sign-out, then maybe a fresh archive), its late writes are dropped
 * instead of mixing an old sync cursor into a new archive.
 */
export async function readArchiveId(idPath: string): Promise<string | undefined> {
  try {
    return (await readFile(idPath, 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Reads the id, or creates it atomically (hard link of a complete temp file: never a half-written id). */
export async function ensureArchiveId(idPath: string): Promise<string> {
  const existing = await readArchiveId(idPath);
  if (existing) return existing;
  const id = randomBytes(8).toString('hex');
  const temp = `${idPath}.tmp-${randomBytes(4).toString('hex')}`;
  await writeFile(temp, id);
  try {
    await link(temp, idPath);
    return id;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readArchiveId(idPath)) ?? id;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
