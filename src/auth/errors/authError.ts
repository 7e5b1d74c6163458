import { XApiError } from '../../api/errors';
import type { XApiErrorInit } from '../../api/errors';

// Every way a sign-in, refresh or sign-out can fail, one class with a `kind`; `translate.ts` turns it into plain
// words at the command/provider boundary. Messages never contain tokens.
export type AuthErrorKind =
  /** `xdm.clientId` is empty: not an error for the user, the sign-in explains how to create the app. */
  | 'notConfigured'
  /** The loopback callback port is taken by another program. */
  | 'portInUse'
  /** Nobody came back to the callback within the sign-in time limit. */
  | 'timeout'
  /** The user cancelled (progress notification, input box, dialog). Never shown as an error. */
  | 'cancelled'
  /**
   * The user cancelled while X's page was open in the browser. Usually a change of mind, but also how a wrong client
   * id ends: X shows its own error page and never redirects back. Shown as information with the likely fixes.
   */
  | 'abandoned'
  /** X answered with an OAuth error (`error` / `error_description`) on the redirect or the token endpoint. */
  | 'oauth'
  /** X refused the user's token on `/2/users/me` (401). */
  | 'unauthorized'
  /** X answered 403 (missing DM permission, suspended app, unenrolled client). */
  | 'forbidden'
  /** No answer at all (offline, DNS, connection reset, request timeout). Transient. */
  | 'network'
  /** X answered 5xx or 429. Transient. */
  | 'server'
  /** X answered something that is not what its documentation promises. */
  | 'invalidResponse'
  /** The session this request belongs to no longer exists (signed out, or expired and removed). */
  | 'sessionGone'
  /**
   * Another window renewed or changed the sessions and this window cannot see the new tokens (code-server keeps
   * secrets per browser tab): nothing is lost, reloading the window picks them up.
   */
  | 'signedInElsewhere'
  /** The stored sessions were written by a newer version of the extension; they are left untouched. */
  | 'newerData'
  /** Another window holds the renewal lease for longer than it may. Transient. */
  | 'busy'
  /** An API or sign-in URL uses plain http for a host that is not this computer (or is no URL at all). */
  | 'insecureEndpoint'
  /** The API base URL now names another server than the one that issued the session: its tokens stay home. */
  | 'originChanged';

export interface AuthErrorDetails {
  /** OAuth error code, e.g. `invalid_grant`, `access_denied`, `unauthorized_client`. */
  oauthError?: string;
  /** X's own description (public text from X, never contains a token). */
  description?: string;
  status?: number;
  port?: number;
  /** `originChanged`: the origin that issued the session and the one a request was about to go to. */
  issuedBy?: string;
  requestedBy?: string;
  cause?: unknown;
}

export class AuthError extends Error {
  readonly oauthError?: string;
  readonly description?: string;
  readonly status?: number;
  readonly port?: number;
  readonly issuedBy?: string;
  readonly requestedBy?: string;

  constructor(
    readonly kind: AuthErrorKind,
    message: string,
    details: AuthErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AuthError';
    this.oauthError = details.oauthError;
    this.description = details.description;
    this.status = details.status;
    this.port = details.port;
    this.issuedBy = details.issuedBy;
    this.requestedBy = details.requestedBy;
  }

  /** Plain words for the API client's error (src/api/errors.ts) when credentials were held back, not refused by X. */
  get userMessage(): string | undefined {
    if (this.kind === 'originChanged') {
      return `This X account was signed in at ${this.issuedBy ?? 'another server'}, and its tokens are only sent there. Sign in again to use ${this.requestedBy ?? 'the new server'}, or change "xdm.api.baseUrl" back.`;
    }
    if (this.kind === 'insecureEndpoint') return '"xdm.api.baseUrl" must be an https: URL (http: only for this computer). Fix the setting.';
    return undefined;
  }

  /** Worth retrying later without asking the user anything. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'busy';
  }
}

export function isAuthError(error: unknown, kind?: AuthErrorKind): error is AuthError {
  return error instanceof AuthError && (kind === undefined || error.kind === kind);
}

/** Shared by the request path and the sign-in messages, so both say the same thing. */
export const SIGNED_IN_ELSEWHERE =
  'Another VS Code window renewed your X sign-in, and this window cannot see the new sign-in until it reloads. Nothing is lost: reload this window to continue.';
export const NEWER_DATA =
  'Your X sign-in was saved by a newer version of X Direct Messages. Update the extension to use it; this version left it untouched.';

/**
 * Another window renewed the session and this one cannot read the new tokens (code-server keeps secrets per tab).
 * An API error so it reaches command and sync boundaries as is; `reloadWindow` makes them offer "Reload Window".
 */
export class SignedInElsewhereError extends XApiError {
  readonly kind = 'unauthorized' as const;
  readonly retryable = false;
  readonly userMessage = SIGNED_IN_ELSEWHERE;
  readonly reloadWindow = true;

  /** `announced`: the same words and button are already on screen (shown once per window), don't repeat them. */
  constructor(readonly announced = false, init: XApiErrorInit = {}) {
    super('Another window holds newer X tokens; reload this window.', init);
  }
}
