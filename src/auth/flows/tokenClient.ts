import ky from 'ky';
import * as v from 'valibot';
import { assertCredentialDestination } from '../endpointPolicy';
import { AuthError } from '../errors/authError';

/** X's token endpoint answer (RFC 6749 §5.1), validated because it crosses a trust boundary. */
const TokenResponseSchema = v.object({
  token_type: v.pipe(v.string(), v.regex(/^bearer$/i)),
  access_token: v.pipe(v.string(), v.minLength(1)),
  expires_in: v.optional(v.pipe(v.number(), v.minValue(1))),
  scope: v.optional(v.string()),
  refresh_token: v.optional(v.pipe(v.string(), v.minLength(1))),
});

const OAuthErrorSchema = v.object({
  error: v.string(),
  error_description: v.optional(v.string()),
});

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Seconds; X documents 2 hours. */
  expiresIn: number;
  /** Granted scopes (may be fewer than requested). */
  scopes: string[];
}

/**
 * Every call names the origin its grant or token belongs to, and fails before sending anything when the configured
 * API is elsewhere (`originChanged`) or plain http to another computer (`insecureEndpoint`).
 */
export interface TokenClient {
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier: string; clientId: string; origin: string }): Promise<TokenSet>;
  refresh(input: { refreshToken: string; clientId: string; origin: string }): Promise<TokenSet>;
  /** Best effort: resolves whether or not X accepted it (false without sending when the origin differs). */
  revoke(input: { token: string; clientId: string; tokenTypeHint: 'access_token' | 'refresh_token'; origin: string }): Promise<boolean>;
}

export interface TokenClientOptions {
  /** e.g. https://api.x.com — the endpoints are `${apiBaseUrl}/2/oauth2/token` and `/2/oauth2/revoke`. */
  apiBaseUrl: () => string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const DEFAULT_EXPIRES_IN = 7200;

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The OAuth 2.0 token endpoint client (form-encoded, public client: `client_id` in the body, no secret). */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const timeout = options.timeoutMs ?? 30_000;

  async function post(path: string, form: Record<string, string>, origin: string): Promise<{ status: number; body: unknown }> {
    const url = `${options.apiBaseUrl().replace(/\/+$/, '')}${path}`;
    assertCredentialDestination(url, origin);
    let response: Response;
    try {
      response = await ky.post(url, {
        body: new URLSearchParams(form),
        headers: { accept: 'application/json' },
        // A refresh token is single-use: never replay a POST automatically, the caller decides.
        retry: 0,
        throwHttpErrors: false,
        timeout,
        fetch: options.fetch,
      });
    } catch (error) {
      throw new AuthError('network', 'Could not reach X.', { cause: error });
    }
    const text = await response.text().catch(() => '');
    return { status: response.status, body: parseJson(text) };
  }

  function failure(status: number, body: unknown): AuthError {
    const oauth = v.safeParse(OAuthErrorSchema, body);
    if (status >= 500 || status === 429) {
      return new AuthError('server', `X's token endpoint answered ${status}.`, { status });
    }
    if (oauth.success) {
      return new AuthError('oauth', `X refused the request (${oauth.output.error}).`, {
        status,
        oauthError: oauth.output.error,
        description: oauth.output.error_description,
      });
    }
    return new AuthError('invalidResponse', `X's token endpoint answered ${status} without an OAuth error.`, { status });
  }

  function tokenSet(status: number, body: unknown): TokenSet {
    if (status !== 200) throw failure(status, body);
    const parsed = v.safeParse(TokenResponseSchema, body);
    if (!parsed.success) throw new AuthError('invalidResponse', "X's token endpoint answered an unexpected document.");
    const { access_token, refresh_token, expires_in, scope } = parsed.output;
    return {
      accessToken: access_token,
      refreshToken: refresh_token,
      expiresIn: expires_in ?? DEFAULT_EXPIRES_IN,
      scopes: (scope ?? '').split(/\s+/).filter(Boolean),
    };
  }

  return {
    async exchangeCode({ code, redirectUri, codeVerifier, clientId, origin }) {
      const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier, client_id: clientId };
      const { status, body } = await post('/2/oauth2/token', form, origin);
      return tokenSet(status, body);
    },
    async refresh({ refreshToken, clientId, origin }) {
      const form = { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId };
      const { status, body } = await post('/2/oauth2/token', form, origin);
      return tokenSet(status, body);
    },
    async revoke({ token, clientId, tokenTypeHint, origin }) {
      try {
        const { status } = await post('/2/oauth2/revoke', { token, client_id: clientId, token_type_hint: tokenTypeHint }, origin);
        return status === 200;
      } catch {
        return false;
      }
    },
  };
}
