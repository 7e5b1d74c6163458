import type { XUser } from '../api/schemas/user';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';

/**
 * Resolves a typed `@handle` through X's users lookup, spending as few requests as possible: debounced, cached per
 * handle (found or not) and never twice in flight. Pure: the API edge and the clock are injected.
 */
export interface UsernameLookupApi {
  getUsersByUsernames(usernames: string[]): Promise<XUser[]>;
}

export type LookupResult =
  | { status: 'found'; handle: string; user: XUser }
  | { status: 'notFound'; handle: string }
  | { status: 'failed'; handle: string; error: unknown };

/** X usernames: 1–15 of letters, digits and underscore. */
const HANDLE = /^@?([A-Za-z0-9_]{1,15})$/;

export function handleFromQuery(query: string): string | undefined {
  const match = HANDLE.exec(query.trim());
  return match ? match[1] : undefined;
}

export class UserLookup {
  private readonly cache = new Map<string, XUser | null>();
  private readonly inFlight = new Map<string, Promise<XUser | null>>();
  private pending: { dispose(): void } | undefined;
  /** Requests actually sent to X (for tests and the log). */
  requests = 0;

  constructor(
    private readonly api: UsernameLookupApi,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly delayMs = 350,
  ) {}

  /** Synchronous answer from the cache: a user, null (known not to exist), or undefined (not asked yet). */
  cached(handle: string): XUser | null | undefined {
    return this.cache.get(handle.toLowerCase());
  }

  /**
   * Debounced lookup of what was typed. Each call cancels the previous pending one; `onResult` is called at most
   * once, and only for queries that look like a handle and are not answered from the cache already.
   */
  request(query: string, onResult: (result: LookupResult) => void): void {
    this.pending?.dispose();
    this.pending = undefined;
    const handle = handleFromQuery(query);
    if (!handle) return;
    const known = this.cached(handle);
    if (known !== undefined) {
      onResult(known ? { status: 'found', handle, user: known } : { status: 'notFound', handle });
      return;
    }
    this.pending = this.clock.setTimeout(() => {
      this.pending = undefined;
      this.resolve(handle).then(
        (user) => onResult(user ? { status: 'found', handle, user } : { status: 'notFound', handle }),
        (error: unknown) => onResult({ status: 'failed', handle, error }),
      );
    }, this.delayMs);
  }

  /** Immediate (not debounced) lookup, shared by concurrent callers. */
  resolve(handle: string): Promise<XUser | null> {
    const key = handle.toLowerCase();
    const known = this.cache.get(key);
    if (known !== undefined) return Promise.resolve(known);
    const running = this.inFlight.get(key);
    if (running) return running;
    this.requests++;
    this.log.debug(`users lookup for one handle (request ${this.requests})`);
    const promise = this.api
      .getUsersByUsernames([handle])
      .then((users) => {
        const user = users.find((u) => u.username.toLowerCase() === key) ?? null;
        this.cache.set(key, user);
        return user;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Users learnt elsewhere (the archive) answer lookups for free. */
  prime(users: Iterable<XUser>): void {
    for (const user of users) this.cache.set(user.username.toLowerCase(), user);
  }

  /** Drops a pending (debounced) lookup; one already sent still fills the cache. */
  cancel(): void {
    this.pending?.dispose();
    this.pending = undefined;
  }

  dispose(): void {
    this.cancel();
  }
}
