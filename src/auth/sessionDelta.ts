import type { StoredSession } from './sessionDocument';
import { publicTokenOf } from './sessionDocument';

export interface SessionDelta {
  added: StoredSession[];
  removed: StoredSession[];
  changed: StoredSession[];
}

/** What `onDidChangeSessions` reports between two views of the stored sessions. */
export function diffSessions(before: readonly StoredSession[], after: readonly StoredSession[]): SessionDelta {
  const old = new Map(before.map((session) => [session.id, session]));
  const next = new Map(after.map((session) => [session.id, session]));
  const delta: SessionDelta = { added: [], removed: [], changed: [] };
  for (const [id, session] of next) {
    const previous = old.get(id);
    if (!previous) delta.added.push(session);
    else if (!sameSession(previous, session)) delta.changed.push(session);
  }
  for (const [id, session] of old) if (!next.has(id)) delta.removed.push(session);
  return delta;
}

function sameSession(a: StoredSession, b: StoredSession): boolean {
  if (publicTokenOf(a) !== publicTokenOf(b) || a.username !== b.username || a.kind !== b.kind) return false;
  if (a.kind === 'oauth2' && b.kind === 'oauth2') {
    return a.refreshToken === b.refreshToken && a.expiresAt === b.expiresAt && a.scopes.join(' ') === b.scopes.join(' ');
  }
  return true;
}
