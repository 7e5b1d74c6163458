import * as v from 'valibot';
import { ErrorBodySchema, SubscriptionListSchema, type SubscriptionList } from './schemas';

/**
 * The Activity API calls that take the **app's** bearer token (listing and deleting subscriptions, the stream).
 * The token goes into the Authorization header and nowhere else: errors carry X's status and words, never it.
 */
export class ActivityHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** X's `connection_issue`, e.g. `TooManyConnections` when both of the app's stream connections are in use. */
    readonly connectionIssue?: string,
    readonly retryAfterMs?: number,
  ) {
    super(`Activity API answered ${status}: ${detail}`);
  }
}

export interface AppApiOptions {
  baseUrl: string;
  bearer: string;
  userAgent: string;
  fetch?: typeof fetch;
}

const TIMEOUT_MS = 15_000;

export class ActivityAppApi {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: AppApiOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.bearer}`, 'user-agent': this.options.userAgent };
  }

  async listSubscriptions(): Promise<NonNullable<SubscriptionList['data']>> {
    const res = await this.fetchFn(`${this.base}/2/activity/subscriptions?max_results=1000`, { headers: this.headers(), signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.status !== 200) throw await httpError(res);
    const body = v.safeParse(SubscriptionListSchema, await res.json().catch(() => undefined));
    if (!body.success) throw new ActivityHttpError(res.status, 'X answered the subscription list in an unexpected shape');
    return body.output.data ?? [];
  }

  /** Deletes one subscription; one that is already gone counts as deleted. */
  async deleteSubscription(id: string): Promise<void> {
    if (!/^[0-9]{1,19}$/.test(id)) return;
    const res = await this.fetchFn(`${this.base}/2/activity/subscriptions/${id}`, { method: 'DELETE', headers: this.headers(), signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.status !== 200 && res.status !== 404) throw await httpError(res);
    await res.body?.cancel();
  }

  /** Opens the stream; resolves once X answered 200 (the body then streams), rejects with X's refusal otherwise. */
  async openStream(backfillMinutes: number, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const query = backfillMinutes > 0 ? `?backfill_minutes=${backfillMinutes}` : '';
    const res = await this.fetchFn(`${this.base}/2/activity/stream${query}`, { headers: this.headers(), signal });
    if (res.status !== 200 || !res.body) throw await httpError(res);
    return res.body;
  }
}

export async function httpError(res: Response): Promise<ActivityHttpError> {
  const text = await res.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const body = v.safeParse(ErrorBodySchema, parsed);
  const detail = body.success ? (body.output.detail ?? body.output.title ?? res.statusText) : res.statusText;
  const reset = Number(res.headers.get('x-rate-limit-reset'));
  const retryAfterMs = Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined;
  return new ActivityHttpError(res.status, detail, body.success ? body.output.connection_issue : undefined, retryAfterMs);
}
