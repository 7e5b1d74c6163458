import type { AuthStrategy, SignableRequest } from '../../../src/api/authStrategy';
import type { Clock } from '../../../src/util/clock';

/** Test doubles for the client's injected edges: a scripted fetch that records requests, auth, and a manual clock. */
export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  bodyText: string;
}

export type Responder = (req: Recorded, signal: AbortSignal | undefined) => Response | Promise<Response>;

export function scriptedFetch(responders: Responder[] | Responder): { fetch: typeof fetch; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const fetchImpl = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const bodyText = request.body ? await request.text() : '';
    const rec: Recorded = { method: request.method, url: new URL(request.url), headers: request.headers, bodyText };
    requests.push(rec);
    const responder = Array.isArray(responders) ? responders[requests.length - 1] : responders;
    if (!responder) throw new Error(`unexpected request #${requests.length}: ${rec.method} ${rec.url}`);
    return responder(rec, request.signal ?? init?.signal ?? undefined);
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function raw(body: string, status: number, contentType = 'text/html'): Response {
  return new Response(body === '' ? null : body, { status, headers: { 'content-type': contentType } });
}

/** A fetch that never answers until aborted (the client's deadline or the caller's signal). */
export const hang: Responder = (_req, signal) =>
  new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason ?? new DOMException('aborted', 'AbortError')));
  });

export function networkFailure(code: string): Responder {
  return () => {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
  };
}

export class TestAuth implements AuthStrategy {
  token = 'token-1';
  refreshes = 0;
  canRefresh = true;
  seen: SignableRequest[] = [];
  async authorize(request: SignableRequest): Promise<Record<string, string>> {
    this.seen.push(request);
    return { authorization: `Bearer ${this.token}` };
  }
  async refreshAfterUnauthorized(): Promise<boolean> {
    this.refreshes++;
    if (!this.canRefresh) return false;
    this.token = `token-${this.refreshes + 1}`;
    return true;
  }
}

/** A clock whose timers fire immediately (recording the delays), so backoff costs no wall time in tests. */
export class InstantClock implements Clock {
  time = Date.UTC(2026, 10, 21, 12, 0, 0);
  delays: number[] = [];
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): { dispose(): void } {
    this.delays.push(ms);
    this.time += ms;
    const handle = setImmediate(callback);
    return { dispose: () => clearImmediate(handle) };
  }
}
