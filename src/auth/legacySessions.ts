import type { Logger } from '../util/logger';
import { SESSIONS_SECRET_KEY } from './constants';
import type { StoredSession } from './sessionDocument';
import { parseSessionDocument, serializeSessionDocument } from './sessionDocument';
import type { SecretStorageLike } from './sessionStore';

/**
 * The single document that held every session before the per-account layout. This build reads it to migrate and
 * otherwise leaves it in place, so that the previous version still finds its sessions if it is installed again.
 */
export type LegacyRead = { sessions: StoredSession[] } | { newerVersion: number };

export async function readLegacySessions(secrets: SecretStorageLike, log: Logger): Promise<LegacyRead> {
  const parsed = parseSessionDocument(await secrets.get(SESSIONS_SECRET_KEY));
  if (parsed.newerVersion !== undefined) return { newerVersion: parsed.newerVersion };
  if (parsed.corrupt) {
    log.warn('The stored X sessions were unreadable and have been discarded; sign in again.');
    await secrets.delete(SESSIONS_SECRET_KEY);
  } else if (parsed.discarded > 0) {
    log.warn(`Discarded ${parsed.discarded} unreadable stored X session(s).`);
  }
  return { sessions: parsed.sessions };
}

/** A signed-out account must not come back if the previous version of the extension is installed again. */
export async function dropFromLegacy(secrets: SecretStorageLike, id: string): Promise<void> {
  const legacy = parseSessionDocument(await secrets.get(SESSIONS_SECRET_KEY));
  if (legacy.corrupt || legacy.newerVersion !== undefined || !legacy.sessions.some((s) => s.id === id)) return;
  const rest = legacy.sessions.filter((s) => s.id !== id);
  if (rest.length === 0) await secrets.delete(SESSIONS_SECRET_KEY);
  else await secrets.store(SESSIONS_SECRET_KEY, serializeSessionDocument(rest));
}
