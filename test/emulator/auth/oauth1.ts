import { createHmac, timingSafeEqual } from 'node:crypto';
import { OAUTH1 } from './credentials';

/**
 * OAuth 1.0a user-context verification (RFC 5849, HMAC-SHA1). The signature base string is built from the
 * method, the base URL (scheme, host, path) and every query, OAuth and form parameter, percent-encoded and sorted.
 */

export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function parseOAuthHeader(header: string): Map<string, string> | undefined {
  if (!/^OAuth\s/i.test(header)) return undefined;
  const out = new Map<string, string>();
  for (const m of header.slice(6).matchAll(/([A-Za-z0-9_]+)="([^"]*)"/g)) {
    out.set(m[1] as string, decodeURIComponent(m[2] as string));
  }
  return out;
}

export function signatureBaseString(method: string, baseUrl: string, params: [string, string][]): string {
  const normalized = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return [method.toUpperCase(), rfc3986(baseUrl), rfc3986(normalized)].join('&');
}

export function hmacSha1(base: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha1', `${rfc3986(consumerSecret)}&${rfc3986(tokenSecret)}`).update(base).digest('base64');
}

export interface OAuth1Input {
  method: string;
  /** Candidate base URLs (a proxy may change the Host): the signature must match one of them. */
  baseUrls: string[];
  header: string;
  query: URLSearchParams;
  form?: URLSearchParams;
  /** Wall-clock seconds: OAuth 1.0a clients sign with real time even when the emulator clock is advanced. */
  nowSeconds: number;
}

const seenNonces = new Map<string, number>();

/** Returns the user id on success, or the reason for rejecting. */
export function verifyOAuth1(input: OAuth1Input): { userId: string } | { reason: string } {
  const oauth = parseOAuthHeader(input.header);
  if (!oauth) return { reason: 'not an OAuth header' };
  if (oauth.get('oauth_signature_method') !== 'HMAC-SHA1') return { reason: 'unsupported signature method' };
  if (oauth.get('oauth_consumer_key') !== OAUTH1.consumerKey) return { reason: 'unknown consumer key' };
  if (oauth.get('oauth_token') !== OAUTH1.accessToken) return { reason: 'unknown access token' };
  const version = oauth.get('oauth_version');
  if (version !== undefined && version !== '1.0') return { reason: 'bad version' };
  const timestamp = Number(oauth.get('oauth_timestamp'));
  const nonce = oauth.get('oauth_nonce') ?? '';
  if (!Number.isFinite(timestamp) || Math.abs(input.nowSeconds - timestamp) > 300) return { reason: 'stale timestamp' };
  if (!nonce) return { reason: 'missing nonce' };
  const nonceKey = `${timestamp}:${nonce}`;
  if (seenNonces.has(nonceKey)) return { reason: 'nonce reused' };
  const given = oauth.get('oauth_signature') ?? '';
  const params: [string, string][] = [];
  for (const [k, v] of oauth) if (k !== 'oauth_signature' && k !== 'realm') params.push([k, v]);
  for (const [k, v] of input.query) params.push([k, v]);
  for (const [k, v] of input.form ?? []) params.push([k, v]);
  const ok = input.baseUrls.some((url) => {
    const expected = Buffer.from(hmacSha1(signatureBaseString(input.method, url, params), OAUTH1.consumerSecret, OAUTH1.accessTokenSecret));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  });
  if (!ok) return { reason: 'bad signature' };
  seenNonces.set(nonceKey, timestamp);
  if (seenNonces.size > 10_000) {
    for (const [key, ts] of seenNonces) if (ts < input.nowSeconds - 600) seenNonces.delete(key);
  }
  return { userId: OAUTH1.userId };
}
