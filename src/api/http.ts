import type { AuthStrategy } from './authStrategy';
import { endsEarly } from './cutOffJson';
import { mapErrorResponse } from './errorMapping';
import {
  CancelledError,
  NetworkError,
  SchemaDriftError,
  TimeoutError,
  UnauthorizedError,
  isXApiError,
  type XApiError,
} from './errors';
import type { EndpointKey } from './model';
import type { RateLimitBookImpl } from './rateLimits';
import { backoffMs, shouldRetry, sleep } from './retry';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';

/**
 * The single place where HTTP happens: the platform fetch with one deadline per attempt (headers, then body), the
 * User-Agent, fresh credentials on every attempt, the rate-limit gate before sending, one refresh-and-retry after a
 * 401, the retry policy of `retry.ts`, and the mapping of every failure to an `XApiError`. It calls fetch directly
 * rather than through ky: everything ky adds (retry, hooks, prefix, timeout) is done here with facts ky does not
 * know, and ky's Request copies and chained signals cost 20–30% of the client's CPU (docs/decisions/005).
 */
export interface HttpDeps {
  baseUrl: string;
  auth: AuthStrategy;
  userAgent: string;
  timeoutMs: number;
  fetch: typeof fetch;
  clock: Clock;
  logger: Logger;
  random: () => number;
  book: RateLimitBookImpl;
}

export type QueryValue = string | number | readonly string[] | undefined;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  endpoint: EndpointKey;
  /** Concrete path without leading slash, ids already validated, e.g. `2/dm_events/123`. */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  signal?: AbortSignal;
  expect: 'json' | 'bytes';
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: unknown;
  bytes?: Uint8Array;
}

// Errors of the connect phase: the request never left this machine, so even a POST may be tried again.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export class HttpCore {
  private readonly base: string;

  constructor(private readonly deps: HttpDeps) {
    this.base = deps.baseUrl.replace(/\/+$/, '');
  }

  async send(req: ApiRequest): Promise<ApiResponse> {
    let retries = 0;
    let refreshed = false;
    for (;;) {
      if (req.signal?.aborted) throw new CancelledError('Cancelled', { endpoint: req.endpoint });
      this.deps.book.assertCanSend(req.endpoint, this.deps.clock.now());
      try {
        return await this.attempt(req);
      } catch (error) {
        if (!isXApiError(error)) throw error;
        if (error instanceof UnauthorizedError && error.status === 401 && !refreshed) {
          refreshed = true;
          // A refresh that throws is a refresh that failed: the 401 is what the caller needs to see, unless the
          // auth layer answered with an API error of its own that says more (e.g. reload this window).
          const answer = await this.deps.auth.refreshAfterUnauthorized().catch((failure: unknown) => failure);
          if (answer === true) continue;
          if (isXApiError(answer)) throw answer;
          throw error;
        }
        if (!shouldRetry(req.method, error, retries)) throw error;
        const delay = backoffMs(retries, this.deps.random);
        // Never wait into a window X already told us is exhausted: the retry would only earn a 429.
        if (this.deps.book.blockedUntil(req.endpoint, this.deps.clock.now() + delay) !== undefined) throw error;
        retries++;
        this.deps.logger.debug(`api: retry ${retries} of ${req.method} ${req.endpoint} after ${error.kind} in ${delay} ms`);
        await sleep(this.deps.clock, delay, req.signal);
      }
    }
  }

  private async attempt(req: ApiRequest): Promise<ApiResponse> {
    const url = `${this.base}/${req.path}${buildQuery(req.query)}`;
    const headers = await this.credentials(req, url);
    if (req.expect === 'json') headers.accept = 'application/json';
    let body: string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    }
    const started = this.deps.clock.now();
    // One controller and one timer per attempt: the timer bounds the wait for the headers, is restarted for the
    // body (a stalled connection could otherwise leave the read pending forever), and settles the wait itself, so
    // an abort that never reaches a body stream still cannot leave the caller waiting.
    const controller = new AbortController();
    const forwardAbort = (): void => controller.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', forwardAbort, { once: true });
    let timedOut = false;
    let expire: (reason: unknown) => void = () => undefined;
    const deadline = new Promise<never>((_resolve, reject) => (expire = reject));
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      expire(new DOMException('X did not answer in time', 'TimeoutError'));
    }, this.deps.timeoutMs);
    try {
      let response: Response;
      try {
        const init: RequestInit = { method: req.method, headers, body, signal: controller.signal };
        response = await Promise.race([quiet(this.deps.fetch(url, init)), deadline]);
      } catch (error) {
        throw timedOut ? new TimeoutError(this.deps.timeoutMs, { endpoint: req.endpoint, cause: error }) : this.transportError(error, req);
      }
      timer.refresh();
      this.deps.book.record(req.endpoint, response.headers);
      this.deps.logger.debug(`api: ${req.method} ${req.endpoint} -> ${response.status} in ${this.deps.clock.now() - started} ms`);
      let bytes: Uint8Array | undefined;
      let text = '';
      try {
        const wantsBytes = req.expect === 'bytes' && response.ok;
        const read: Promise<string | ArrayBuffer> = wantsBytes ? response.arrayBuffer() : response.text();
        const answer = await Promise.race([quiet(read), deadline]);
        if (typeof answer === 'string') text = answer;
        else bytes = new Uint8Array(answer);
      } catch (error) {
        // X answered but the body was cut off or stalled: the request reached X.
        throw timedOut ? new TimeoutError(this.deps.timeoutMs, { endpoint: req.endpoint, cause: error }) : this.transportError(error, req, response.status);
      }
      return this.finish(req, response, text, bytes);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', forwardAbort);
    }
  }

  private finish(req: ApiRequest, response: Response, text: string, bytes: Uint8Array | undefined): ApiResponse {
    if (response.status < 200 || response.status > 299) {
      throw mapErrorResponse({
        status: response.status,
        headers: response.headers,
        bodyText: text,
        endpoint: req.endpoint,
        now: this.deps.clock.now(),
      });
    }
    if (bytes) return { status: response.status, headers: response.headers, json: undefined, bytes };
    if (response.status === 204) return { status: 204, headers: response.headers, json: undefined };
    return { status: response.status, headers: response.headers, json: parseJson(text, req.endpoint, response.status) };
  }

  /**
   * The auth layer may fail before anything is sent (session gone, token refresh failed). Its errors become API
   * errors here so callers handle one error family; the original stays as `cause`. A failure the auth layer marks
   * transient (offline during refresh) is a network error that never reached X, anything else means "sign in again".
   */
  private async credentials(req: ApiRequest, url: string): Promise<Record<string, string>> {
    try {
      return { 'user-agent': this.deps.userAgent, ...(await this.deps.auth.authorize({ method: req.method, url })) };
    } catch (error) {
      if (isXApiError(error)) throw error;
      const init = { endpoint: req.endpoint, cause: error, mayHaveReachedServer: false };
      if ((error as { transient?: unknown } | null)?.transient === true) throw new NetworkError('Could not get credentials', init);
      throw new UnauthorizedError('No usable credentials', init);
    }
  }

  /** `answeredStatus`: X already sent its status line when the connection broke (the body was cut off). */
  private transportError(error: unknown, req: ApiRequest, answeredStatus?: number): XApiError {
    if (isXApiError(error)) return error;
    const answered = answeredStatus !== undefined;
    const init = { endpoint: req.endpoint, cause: error, ...(answered ? { status: answeredStatus } : {}) };
    if (req.signal?.aborted) return new CancelledError('Cancelled', { ...init, mayHaveReachedServer: true });
    const code = causeCode(error);
    const notSent = !answered && code !== undefined && NOT_SENT_CODES.has(code);
    return new NetworkError(`Network failure${code ? ` (${code})` : ''}${answered ? ' while reading the answer' : ''}`, {
      ...init,
      mayHaveReachedServer: !notSent,
      answerCutOff: answered,
    });
  }
}

function parseJson(text: string, endpoint: EndpointKey, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // A body that stops early was cut off in transit: a broken connection, retried like one, not drift.
    if (endsEarly(text)) {
      throw new NetworkError(`The answer (HTTP ${status}) ended early`, { endpoint, status, cause: error, mayHaveReachedServer: true, answerCutOff: true });
    }
    const what = text.trimStart().startsWith('<') ? 'HTML instead of JSON' : 'invalid JSON';
    throw new SchemaDriftError('(body)', what, { endpoint, status });
  }
}

/** The same promise, with a rejection that arrives after the race was decided marked as handled. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * X wants list parameters comma-joined (`style: form, explode: false`); commas stay literal because that is how
 * X's docs and the OpenAPI serialisation write them, and OAuth 1.0a signs exactly this string.
 */
export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.map((v) => encodeURIComponent(v)).join(',') : encodeURIComponent(String(value));
    parts.push(`${encodeURIComponent(key)}=${text}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
