import { randomBytes } from 'node:crypto';
import { errorCode, isMissing, type ArchiveFs } from './archiveFs';

/**
 * `archive.id`: a random identity per archive folder. A window remembers the id it loaded; when the file is gone
 * or different (X DMs: Clear Local Cache, sign-out, then maybe a fresh archive), its late writes are dropped
 * instead of mixing an old sync cursor into a new archive.
 */
/** The id, `''` when the file is there but empty (damaged), undefined when it is absent. */
export async function readArchiveId(fs: ArchiveFs, idPath: string): Promise<string | undefined> {
  try {
    return (await fs.readFile(idPath)).trim();
  } catch (error) {
    // Only "not there" means cleared; a disk error must not make a window drop its writes as if it were.
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Reads the id, or creates it atomically (hard link of a complete temp file: never a half-written id). */
export async function ensureArchiveId(fs: ArchiveFs, idPath: string): Promise<string> {
  const existing = await readArchiveId(fs, idPath);
  if (existing) return existing;
  // An empty id file (external damage) is set aside, never reused: the link below needs the name free.
  if (existing === '') await fs.rename(idPath, `${idPath}.corrupt-${Date.now()}`);
  const id = randomBytes(8).toString('hex');
  const temp = `${idPath}.tmp-${randomBytes(4).toString('hex')}`;
  await fs.writeFile(temp, id);
  try {
    await fs.link(temp, idPath);
    return id;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    const winner = await readArchiveId(fs, idPath);
    if (!winner) throw Object.assign(new Error('archive id unreadable'), { code: 'EAGAIN' });
    return winner;
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
}
