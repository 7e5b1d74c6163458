/** Fixed identifiers of the X authentication provider (see the architecture guide: they must not drift). */
export const PROVIDER_ID = 'xdm.x';
export const PROVIDER_LABEL = 'X';
/** The legacy SecretStorage entry that held every session as one JSON document (read to migrate, never written). */
export const SESSIONS_SECRET_KEY = 'xdm.x.sessions';
/** The per-account layout: an index of session ids, and one secret per session (see sessions/records.ts). */
export const SESSION_INDEX_SECRET_KEY = 'xdm.x.sessionIndex';
export function sessionSecretKey(sessionId: string): string {
  return `xdm.x.session.${sessionId}`;
}
export const EXTENSION_ID = 'xdm.x-direct-messages';
export const CALLBACK_PATH = '/callback';
/** The custom-scheme callback registered for remote/web windows (the scheme is the editor's, e.g. vscode). */
export const URI_CALLBACK_AUTHORITY = EXTENSION_ID;
/** X codes live 30 s; a browser tab left open must not keep the sign-in alive forever. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60 * 1000;
export const DEFAULT_REDIRECT_PORT = 53682;

/** Scopes the extension needs (X's DM scopes, users.read for names, offline.access for refresh tokens). */
export const BASE_SCOPES = ['dm.read', 'dm.write', 'tweet.read', 'users.read', 'offline.access'] as const;
/** Asked for only when the person first attaches a file (incremental consent); text-only sessions never need it. */
export const MEDIA_SCOPE = 'media.write';

/** The exact loopback callback URL to register at X (X matches callback URLs exactly, port included). */
export function loopbackCallbackUrl(port: number): string {
  return `http://127.0.0.1:${port}${CALLBACK_PATH}`;
}
