import { createHmac, randomBytes } from 'node:crypto';
import type { AuthStrategy, SignableRequest } from '../../api/authStrategy';

/** OAuth 1.0a credentials of one user (consumer = the app, token = the user's access token). */
export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
}

export interface OAuth1Request {
  method: string;
  /** Absolute URL; its query parameters are signed. */
  url: string;
  /** Form-encoded body parameters (signed); JSON bodies are not. */
  formParams?: Record<string, string>;
}

export interface OAuth1Options {
  /** Injected for deterministic tests; defaults to random / the system clock. */
  nonce?: string;
  timestamp?: string;
  realm?: string;
  /** Extra protocol parameters (e.g. oauth_callback, oauth_verifier in the RFC's examples). */
  extraOAuthParams?: Record<string, string>;
  /** X sends `oauth_version="1.0"`; RFC 5849 makes it optional. Default true. */
  includeVersion?: boolean;
}

/** RFC 5849 §3.6 percent-encoding: everything but unreserved characters, uppercase hex, UTF-8. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 5849 §3.4.1.2: scheme and host lowercase, default port dropped, no query or fragment. */
export function baseStringUri(url: URL): string {
  const scheme = url.protocol.toLowerCase();
  const host = url.hostname.toLowerCase();
  const defaultPort = (scheme === 'http:' && url.port === '80') || (scheme === 'https:' && url.port === '443');
  const port = url.port && !defaultPort ? `:${url.port}` : '';
  return `${scheme}//${host}${port}${url.pathname}`;
}

/** Decodes a query string the way RFC 5849 §3.4.1.3.1 wants (`+` is a space in form encoding). */
function decodeQuery(query: string): [string, string][] {
  if (!query) return [];
  return query.split('&').filter(Boolean).map((pair) => {
    const index = pair.indexOf('=');
    const name = index < 0 ? pair : pair.slice(0, index);
    const value = index < 0 ? '' : pair.slice(index + 1);
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return [decode(name), decode(value)];
  });
}

/** RFC 5849 §3.4.1: method & base URI & normalized parameters, each percent-encoded. */
export function signatureBaseString(method: string, url: string, params: [string, string][]): string {
  const parsed = new URL(url);
  const all = [...decodeQuery(parsed.search.replace(/^\?/, '')), ...params];
  const normalized = all
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return [method.toUpperCase(), percentEncode(baseStringUri(parsed)), percentEncode(normalized)].join('&');
}

export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret = ''): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac('sha1', key).update(baseString).digest('base64');
}

/** The `Authorization: OAuth …` header value for one request (RFC 5849 §3.5.1). */
export function oauth1AuthorizationHeader(
  credentials: OAuth1Credentials,
  request: OAuth1Request,
  options: OAuth1Options = {},
): string {
  const oauthParams: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: options.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: options.timestamp ?? String(Math.floor(Date.now() / 1000)),
    ...(credentials.token ? { oauth_token: credentials.token } : {}),
    ...(options.includeVersion === false ? {} : { oauth_version: '1.0' }),
    ...options.extraOAuthParams,
  };
  const params: [string, string][] = [
    ...Object.entries(oauthParams),
    ...Object.entries(request.formParams ?? {}),
  ];
  const base = signatureBaseString(request.method, request.url, params);
  oauthParams.oauth_signature = hmacSha1Signature(base, credentials.consumerSecret, credentials.tokenSecret);
  const fields = Object.entries(oauthParams).map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`);
  if (options.realm !== undefined) fields.unshift(`realm="${options.realm}"`);
  return `OAuth ${fields.join(', ')}`;
}

/** OAuth 1.0a user context: every attempt signed afresh (new nonce and timestamp); nothing to refresh. */
export function oauth1Strategy(credentials: OAuth1Credentials): AuthStrategy {
  return {
    async authorize(request: SignableRequest) {
      return { Authorization: oauth1AuthorizationHeader(credentials, request) };
    },
    refreshAfterUnauthorized: async () => false,
  };
}
