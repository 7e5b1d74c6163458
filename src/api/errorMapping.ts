import {
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  type ForbiddenReason,
  type XApiError,
} from './errors';
import type { EndpointKey } from './model';
import { parseRateLimitHeaders } from './rateLimits';

/**
 * Turns a non-2xx answer from X into one typed error. X answers in four shapes — RFC 7807 problem+json, the legacy
 * `{code,message}` / `{errors:[{code,message}]}`, OAuth's `{error,error_description}`, and non-JSON (HTML error pages
 * from the edge, empty or truncated bodies) — so the HTTP status decides the class and the body only adds detail.
 */
export interface ErrorResponse {
  status: number;
  headers: Headers;
  bodyText: string;
  endpoint: EndpointKey;
  now: number;
}

interface BodyFacts {
  type?: string;
  detail?: string;
  reason?: string;
  parameter?: string;
  legacyCode?: number;
  oauthError?: string;
}

// Legacy v1.1 codes that still appear on DM endpoints.
const LEGACY_RATE_LIMIT = new Set([88, 185]);
const LEGACY_UNAUTHORIZED = new Set([32, 89, 135, 215]);
const LEGACY_RECIPIENT = new Set([150, 151, 349]);
const LEGACY_NOT_FOUND = new Set([34, 50, 144]);
const LEGACY_PERMISSION = new Set([93, 220, 261]);

export function mapErrorResponse(res: ErrorResponse): XApiError {
  const facts = readBody(res.bodyText);
  const init = { endpoint: res.endpoint, status: res.status, detail: facts.detail };
  const type = facts.type ?? '';

  if (res.status === 429 || type.endsWith('/usage-capped') || type.endsWith('/rate-limit-exceeded') || (facts.legacyCode !== undefined && LEGACY_RATE_LIMIT.has(facts.legacyCode))) {
    return rateLimitedFrom(res, facts, init);
  }
  if (res.status === 401 || (facts.legacyCode !== undefined && LEGACY_UNAUTHORIZED.has(facts.legacyCode))) {
    return new UnauthorizedError('X refused the credentials', init);
  }
  if (facts.oauthError === 'invalid_token' || facts.oauthError === 'invalid_grant') {
    return new UnauthorizedError(`OAuth error ${facts.oauthError}`, init);
  }
  if (res.status === 403) return new ForbiddenError(forbiddenReason(facts), init);
  if (res.status === 404 || res.status === 410 || type.endsWith('/resource-not-found') || isLegacy(facts, LEGACY_NOT_FOUND)) {
    return new NotFoundError('Not found', init);
  }
  if (res.status >= 500) return new ServerError(res.status, init);
  return new InvalidRequestError(facts.parameter ?? facts.oauthError, init);
}

function rateLimitedFrom(res: ErrorResponse, facts: BodyFacts, init: { endpoint: EndpointKey; status: number; detail?: string }): RateLimitedError {
  if (facts.type?.endsWith('/usage-capped')) {
    // A usage cap lasts until the billing period ends; X does not say when, so no local reset is invented.
    return new RateLimitedError(res.now + 24 * 3600_000, { ...init, scope: 'usageCap' });
  }
  const info = parseRateLimitHeaders(res.endpoint, res.headers);
  if (info?.day && info.day.remaining <= 0 && info.day.resetAt > res.now) {
    return new RateLimitedError(info.day.resetAt, { ...init, scope: 'day' });
  }
  if (info && info.resetAt > res.now) return new RateLimitedError(info.resetAt, init);
  const retryAfter = Number(res.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return new RateLimitedError(res.now + retryAfter * 1000, init);
  // No hint at all: X's windows are 15 minutes long, so that is the longest we could need to wait.
  return new RateLimitedError(res.now + 15 * 60_000, init);
}

function forbiddenReason(facts: BodyFacts): ForbiddenReason {
  if (facts.reason === 'client-not-enrolled' || facts.reason === 'official-client-forbidden') return facts.reason;
  if (facts.legacyCode !== undefined && LEGACY_RECIPIENT.has(facts.legacyCode)) return 'recipient-not-accepting-dms';
  if (facts.legacyCode !== undefined && LEGACY_PERMISSION.has(facts.legacyCode)) return 'missing-permission';
  const type = facts.type ?? '';
  if (type.endsWith('/unsupported-authentication')) return 'unsupported-authentication';
  const detail = (facts.detail ?? '').toLowerCase();
  if (/permission|scope|not permitted to access|oauth2? ?(?:user )?token/.test(detail)) return 'missing-permission';
  if (/cannot send|not accept|does not allow|receive direct messages|not following you/.test(detail)) {
    return 'recipient-not-accepting-dms';
  }
  if (type.endsWith('/not-authorized-for-resource') || type.endsWith('/not-authorized-for-field')) {
    return 'not-authorized-for-resource';
  }
  return 'unknown';
}

function readBody(text: string): BodyFacts {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return {}; // empty, HTML, plain text
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return {}; // truncated JSON: the status still says what happened
  }
  if (!isRecord(json)) return {};
  const facts: BodyFacts = {};
  if (typeof json.type === 'string') facts.type = json.type;
  if (typeof json.reason === 'string') facts.reason = json.reason;
  if (typeof json.code === 'number') facts.legacyCode = json.code;
  if (typeof json.error === 'string') facts.oauthError = json.error;
  let firstMessage: string | undefined;
  if (Array.isArray(json.errors)) {
    for (const entry of json.errors) {
      if (!isRecord(entry)) continue;
      if (facts.legacyCode === undefined && typeof entry.code === 'number') facts.legacyCode = entry.code;
      firstMessage ??= str(entry.message) ?? str(entry.detail);
      if (facts.parameter === undefined && typeof entry.parameter === 'string') facts.parameter = entry.parameter;
      if (facts.parameter === undefined && isRecord(entry.parameters)) facts.parameter = Object.keys(entry.parameters)[0];
    }
  }
  facts.detail = str(json.detail) ?? str(json.error_description) ?? str(json.message) ?? firstMessage ?? str(json.title);
  return facts;
}

function isLegacy(facts: BodyFacts, codes: ReadonlySet<number>): boolean {
  return facts.legacyCode !== undefined && codes.has(facts.legacyCode);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 500) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
