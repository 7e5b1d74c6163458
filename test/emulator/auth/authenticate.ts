import type { EmuRequest, EmuResponse } from '../http';
import { forbidden, unauthorized, unsupportedAuthentication } from '../problems';
import type { TokenStore } from './tokens';
import { APP_ONLY_BEARER } from './credentials';
import { verifyOAuth1 } from './oauth1';

/** Who is calling: a user (OAuth 2.0 user token or OAuth 1.0a) or the app alone (app-only bearer). */
export type Caller = { kind: 'user'; userId: string; scopes: Set<string> | 'all'; via: 'oauth2' | 'oauth1' } | { kind: 'app' };

export interface SecurityRequirement {
  /** Scopes an OAuth 2.0 user token must have (from the operation's `security`). */
  scopes: string[];
  appOnlyAllowed: boolean;
  /** Whether the operation lists `UserToken` (OAuth 1.0a); DM media download, for one, does not. */
  oauth1Allowed: boolean;
}

export function authenticate(
  req: EmuRequest,
  tokens: TokenStore,
  baseUrls: string[],
  nowSeconds: number,
): Caller | EmuResponse {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (bearer !== undefined) {
    if (bearer === APP_ONLY_BEARER) return { kind: 'app' };
    const grant = tokens.lookup(bearer);
    if (!grant) return unauthorized();
    return { kind: 'user', userId: grant.userId, scopes: new Set(grant.scopes), via: 'oauth2' };
  }
  if (/^OAuth\s/i.test(header)) {
    const contentType = req.headers['content-type'] ?? '';
    const form = contentType.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(req.body.toString('utf8'))
      : undefined;
    const result = verifyOAuth1({
      method: req.method,
      baseUrls: baseUrls.map((b) => `${b}${req.path}`),
      header,
      query: req.query,
      form,
      nowSeconds,
    });
    if ('reason' in result) return unauthorized();
    return { kind: 'user', userId: result.userId, scopes: 'all', via: 'oauth1' };
  }
  return unauthorized();
}

/** X answers 403 when the token lacks a scope the endpoint needs, and refuses app-only auth on user endpoints. */
export function authorize(caller: Caller, need: SecurityRequirement): EmuResponse | undefined {
  if (caller.kind === 'app') return need.appOnlyAllowed ? undefined : unsupportedAuthentication();
  if (caller.via === 'oauth1' && !need.oauth1Allowed) {
    return unsupportedAuthentication(
      'Authenticating with OAuth 1.0a User Context is forbidden for this endpoint.  Supported authentication types are [OAuth 2.0 User Context].',
    );
  }
  if (caller.scopes === 'all') return undefined;
  const scopes = caller.scopes;
  const missing = need.scopes.filter((s) => !scopes.has(s));
  if (missing.length === 0) return undefined;
  return forbidden(`Missing required OAuth 2.0 scope(s): ${missing.join(', ')}. You are not permitted to perform this action.`);
}
