import { randomBytes } from 'node:crypto';
import type { EmuClock } from '../store';
import { ACCESS_TOKEN_SECONDS } from './credentials';

/** OAuth 2.0 user tokens, authorization codes and single-use rotating refresh tokens. */

export interface AccessGrant {
  userId: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export interface AuthCode {
  userId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge: string;
  method: 'S256' | 'plain';
  expiresAt: number;
}

export interface IssuedTokens {
  token_type: 'bearer';
  access_token: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

function opaque(prefix: string): string {
  return `${prefix}${randomBytes(30).toString('base64url')}`;
}

export class TokenStore {
  private readonly access = new Map<string, AccessGrant>();
  /** Live refresh tokens; a used or revoked one moves to `spent` so reuse can be told apart from garbage. */
  private readonly refresh = new Map<string, Omit<AccessGrant, 'expiresAt'>>();
  private readonly spent = new Set<string>();
  readonly codes = new Map<string, AuthCode>();

  constructor(private readonly clock: EmuClock) {}

  issue(userId: string, clientId: string, scopes: string[], expiresIn = ACCESS_TOKEN_SECONDS): IssuedTokens {
    const accessToken = opaque('xdmA');
    this.access.set(accessToken, { userId, clientId, scopes, expiresAt: this.clock.now() + expiresIn * 1000 });
    const out: IssuedTokens = { token_type: 'bearer', access_token: accessToken, expires_in: expiresIn, scope: scopes.join(' ') };
    if (scopes.includes('offline.access')) {
      const refreshToken = opaque('xdmR');
      this.refresh.set(refreshToken, { userId, clientId, scopes });
      out.refresh_token = refreshToken;
    }
    return out;
  }

  /** The grant of a live access token, or undefined when unknown, revoked or expired. */
  lookup(token: string): AccessGrant | undefined {
    const grant = this.access.get(token);
    if (!grant) return undefined;
    if (grant.expiresAt <= this.clock.now()) return undefined;
    return grant;
  }

  /** Rotates: the old refresh token dies, a new pair is issued. */
  useRefresh(token: string, clientId: string): IssuedTokens | 'invalid' | 'reused' | 'wrong-client' {
    const grant = this.refresh.get(token);
    if (!grant) return this.spent.has(token) ? 'reused' : 'invalid';
    if (grant.clientId !== clientId) return 'wrong-client';
    this.refresh.delete(token);
    this.spent.add(token);
    return this.issue(grant.userId, grant.clientId, grant.scopes);
  }

  revoke(token: string): boolean {
    if (this.access.delete(token)) return true;
    if (this.refresh.delete(token)) {
      this.spent.add(token);
      return true;
    }
    return false;
  }

  newCode(code: Omit<AuthCode, 'expiresAt'>, lifetimeMs: number): string {
    const value = opaque('xdmC');
    this.codes.set(value, { ...code, expiresAt: this.clock.now() + lifetimeMs });
    return value;
  }
}
