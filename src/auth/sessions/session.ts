import * as v from 'valibot';
import { allowedOrigin } from '../endpointPolicy';

// One session of the `xdm.x` provider. Validated: another window, another version or a hand-edited secret wrote it.
const account = {
  id: v.pipe(v.string(), v.minLength(1)),
  userId: v.pipe(v.string(), v.regex(/^[0-9]{1,19}$/)),
  username: v.pipe(v.string(), v.minLength(1)),
  /** Milliseconds since the epoch; only for display and ordering. */
  createdAt: v.number(),
  /** The API origin that issued the credentials; they go nowhere else (absent in old sessions: X's own). */
  apiOrigin: v.optional(v.pipe(v.string(), v.check((value) => allowedOrigin(value) === value, 'not an allowed origin'))),
};

export const OAuth2SessionSchema = v.object({
  kind: v.literal('oauth2'),
  ...account,
  clientId: v.pipe(v.string(), v.minLength(1)),
  scopes: v.array(v.string()),
  accessToken: v.pipe(v.string(), v.minLength(1)),
  refreshToken: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** When the access token was issued and when it expires, both epoch milliseconds of the extension's clock. */
  issuedAt: v.number(),
  expiresAt: v.number(),
});

export const OAuth1SessionSchema = v.object({
  kind: v.literal('oauth1'),
  ...account,
  consumerKey: v.pipe(v.string(), v.minLength(1)),
  consumerSecret: v.pipe(v.string(), v.minLength(1)),
  token: v.pipe(v.string(), v.minLength(1)),
  tokenSecret: v.pipe(v.string(), v.minLength(1)),
});

export const StoredSessionSchema = v.variant('kind', [OAuth2SessionSchema, OAuth1SessionSchema]);

export const SessionDocumentSchema = v.object({
  version: v.literal(1),
  sessions: v.array(v.unknown()),
});

export type OAuth2Session = v.InferOutput<typeof OAuth2SessionSchema>;
export type OAuth1Session = v.InferOutput<typeof OAuth1SessionSchema>;
export type StoredSession = v.InferOutput<typeof StoredSessionSchema>;

export interface ParsedDocument {
  sessions: StoredSession[];
  /** Entries (or the whole document) that did not validate and were dropped. */
  discarded: number;
  /** True when the whole value was unusable (not JSON, wrong shape). */
  corrupt: boolean;
  /** Set when the document has a `version` this build does not know: a newer build wrote it; leave it alone. */
  newerVersion?: number;
}

/**
 * Parses the legacy single document (read to migrate, see records.ts). Each entry is validated on its own, so one
 * bad entry (e.g. from a newer version) does not cost the user their other accounts. Never throws.
 */
export function parseSessionDocument(raw: string | undefined): ParsedDocument {
  if (raw === undefined || raw === '') return { sessions: [], discarded: 0, corrupt: false };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { sessions: [], discarded: 0, corrupt: true };
  }
  const version = v.safeParse(v.object({ version: v.number() }), json);
  if (version.success && version.output.version !== 1) {
    return { sessions: [], discarded: 0, corrupt: false, newerVersion: version.output.version };
  }
  const doc = v.safeParse(SessionDocumentSchema, json);
  if (!doc.success) return { sessions: [], discarded: 0, corrupt: true };
  const sessions: StoredSession[] = [];
  const seen = new Set<string>();
  let discarded = 0;
  for (const entry of doc.output.sessions) {
    const parsed = v.safeParse(StoredSessionSchema, entry);
    if (parsed.success && !seen.has(parsed.output.id)) {
      seen.add(parsed.output.id);
      sessions.push(parsed.output);
    } else discarded++;
  }
  return { sessions, discarded, corrupt: false };
}

export function serializeSessionDocument(sessions: readonly StoredSession[]): string {
  return JSON.stringify({ version: 1, sessions });
}

/** The token a consumer of `AuthenticationSession.accessToken` sees; changes mean "the session changed". */
export function publicTokenOf(session: StoredSession): string {
  return session.kind === 'oauth2' ? session.accessToken : session.token;
}

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
