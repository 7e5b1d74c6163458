import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { SIGN_IN_TIMEOUT_MS } from '../constants';
import { AuthError } from '../errors/authError';
import type { CallbackResult } from './loopback';
import type { TokenClient, TokenSet } from './tokenClient';
import type { Me } from './usersMe';

/** PKCE (RFC 7636) with the S256 method: X's Native Apps are public clients, so this is what proves the exchange. */
export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** 32 random octets → 43 base64url characters, the length RFC 7636 §4.1 recommends. */
export function createCodeVerifier(random: (size: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(32)).toString('base64url');
}

export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(random?: (size: number) => Uint8Array): PkcePair {
  const verifier = createCodeVerifier(random);
  return { verifier, challenge: codeChallengeS256(verifier), method: 'S256' };
}

/** The `state` parameter ties a callback to the sign-in that started it (CSRF protection, RFC 6749 §10.12). */
export function createOAuthState(random: (size: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(24)).toString('base64url');
}

/** Constant-time comparison so a local attacker probing the callback port learns nothing from timing. */
export function stateMatches(expected: string, received: string | null | undefined): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Where the browser comes back to: the loopback server or the URI handler; started before the browser opens. */
export interface RedirectReceiver {
  readonly redirectUri: string;
  wait(signal: AbortSignal): Promise<CallbackResult>;
  close(): void;
}

export interface AuthorizationCodeDeps {
  tokens: Pick<TokenClient, 'exchangeCode'>;
  /** `GET /2/users/me` with the new access token. */
  fetchMe(accessToken: string): Promise<Me>;
  /** Opens the consent page in the user's browser; false when the user declined to open it. */
  openBrowser(url: string): Promise<boolean>;
  startRedirect(state: string): Promise<RedirectReceiver>;
  clock: Clock;
  log: Logger;
  timeoutMs?: number;
}

export interface AuthorizationCodeInput {
  clientId: string;
  authorizeUrl: string;
  /** The API origin the code is exchanged at; the session records it as its issuer. */
  apiOrigin: string;
  scopes: string[];
  /** Aborted when the user cancels the progress notification. */
  signal: AbortSignal;
}

export interface AuthorizationCodeResult {
  tokens: TokenSet;
  me: Me;
  redirectUri: string;
}

/** The authorize URL (RFC 6749 §4.1.1 + RFC 7636 §4.3). */
export function buildAuthorizeUrl(input: {
  authorizeUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  codeChallenge: string;
}): string {
  const url = new URL(input.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('scope', input.scopes.join(' '));
  url.searchParams.set('state', input.state);
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/**
 * Authorization Code + PKCE: start the redirect receiver, open the consent page, wait for one callback (cancellable,
 * time-limited), exchange the code at once (X codes live 30 s), then ask X who the user is.
 */
export async function runAuthorizationCodeFlow(
  input: AuthorizationCodeInput,
  deps: AuthorizationCodeDeps,
): Promise<AuthorizationCodeResult> {
  const pkce = createPkcePair();
  const state = createOAuthState();
  const receiver = await deps.startRedirect(state);
  const limit = new AbortController();
  const timer = deps.clock.setTimeout(
    () => limit.abort(new AuthError('timeout', 'Nobody completed the sign-in in time.')),
    deps.timeoutMs ?? SIGN_IN_TIMEOUT_MS,
  );
  const onCancel = () => limit.abort(new AuthError('abandoned', 'Sign-in cancelled while waiting for X.'));
  if (input.signal.aborted) onCancel();
  else input.signal.addEventListener('abort', onCancel, { once: true });
  try {
    const url = buildAuthorizeUrl({
      authorizeUrl: input.authorizeUrl,
      clientId: input.clientId,
      redirectUri: receiver.redirectUri,
      scopes: input.scopes,
      state,
      codeChallenge: pkce.challenge,
    });
    deps.log.info(`Opening X's consent page (redirect ${receiver.redirectUri}).`);
    if (!(await deps.openBrowser(url))) throw new AuthError('cancelled', 'The browser was not opened.');
    const callback = await receiver.wait(limit.signal);
    if ('error' in callback) {
      throw new AuthError('oauth', `X returned ${callback.error}.`, {
        oauthError: callback.error,
        description: callback.errorDescription,
      });
    }
    const tokens = await deps.tokens.exchangeCode({
      code: callback.code,
      redirectUri: receiver.redirectUri,
      codeVerifier: pkce.verifier,
      clientId: input.clientId,
      origin: input.apiOrigin,
    });
    const me = await deps.fetchMe(tokens.accessToken);
    return { tokens, me, redirectUri: receiver.redirectUri };
  } finally {
    timer.dispose();
    input.signal.removeEventListener('abort', onCancel);
    receiver.close();
  }
}
