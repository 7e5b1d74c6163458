import { AuthError } from '../../../src/auth/errors/authError';
import type { SecretStorageLike } from '../../../src/auth/sessions/store';
import type { TokenSet } from '../../../src/auth/flows/tokenClient';
import { sessionSecretKey } from '../../../src/auth/constants';
import type { OAuth2Session, StoredSession } from '../../../src/auth/sessions/session';
import { parseRecord, serializeRecord } from '../../../src/auth/sessions/records';
import type { Clock } from '../../../src/util/clock';
import { Emitter } from '../../../src/util/events';
import type { Logger } from '../../../src/util/logger';

/** A clock tests advance by hand; timers fire in due order during `advance`. */
export class FakeClock implements Clock {
  private time = 1_700_000_000_000;
  private timers: Array<{ at: number; callback: () => void; live: boolean }> = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): { dispose(): void } {
    const timer = { at: this.time + ms, callback, live: true };
    this.timers.push(timer);
    return { dispose: () => void (timer.live = false) };
  }

  pending(): number[] {
    return this.timers.filter((t) => t.live).map((t) => t.at - this.time);
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.time = due.at;
      due.callback();
      await flush();
    }
    this.time = target;
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** SecretStorage in memory, with the same change events (also for writes from "another window"). */
export class FakeSecrets implements SecretStorageLike {
  readonly values = new Map<string, string>();
  readonly writes: string[] = [];
  private readonly changed = new Emitter<{ key: string }>();
  readonly onDidChange = this.changed.event;

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.writes.push(value);
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
  }

  /** Another window writing the same secret. */
  external(key: string, value: string): void {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
}

export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  trace = (m: string) => void this.lines.push(`trace ${m}`);
  debug = (m: string) => void this.lines.push(`debug ${m}`);
  info = (m: string) => void this.lines.push(`info ${m}`);
  warn = (m: string) => void this.lines.push(`warn ${m}`);
  error = (m: string | Error) => void this.lines.push(`error ${String(m)}`);
}

export function oauth2Session(overrides: Partial<OAuth2Session> = {}, now = 1_700_000_000_000): OAuth2Session {
  return {
    kind: 'oauth2',
    id: 'session-1',
    userId: '1001',
    username: 'ada',
    createdAt: now,
    clientId: 'client-1',
    scopes: ['dm.read', 'dm.write', 'tweet.read', 'users.read', 'offline.access'],
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    issuedAt: now,
    expiresAt: now + 7_200_000,
    ...overrides,
  };
}

/** code-server's `localStorage` entry that holds every secret of the browser, encrypted as one blob. */
export class SharedBlob {
  value = new Map<string, string>();
  saves = 0;
}

/**
 * One browser tab's secret storage in code-server 4.100.3 (LocalStorageSecretStorageProvider): it reads the blob
 * once when the tab loads, answers from that copy, saves its whole copy on every change and never hears of other
 * tabs' changes. `onDidChange` fires only for this tab's own writes.
 */
export class TabSecrets implements SecretStorageLike {
  private view: Map<string, string>;
  private readonly changed = new Emitter<{ key: string }>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly blob: SharedBlob) {
    this.view = new Map(blob.value);
  }

  async get(key: string): Promise<string | undefined> {
    return this.view.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.view.set(key, value);
    this.save();
    this.changed.fire({ key });
  }

  async delete(key: string): Promise<void> {
    this.view.delete(key);
    this.save();
    this.changed.fire({ key });
  }

  private save(): void {
    this.blob.value = new Map(this.view);
    this.blob.saves++;
  }
}

/** X's token endpoint: single-use rotating refresh tokens; a spent one answers invalid_grant. */
export class FakeTokenEndpoint {
  private readonly live = new Set<string>(['refresh-1']);
  private n = 1;
  grants = 0;
  invalidGrants = 0;

  readonly refresh = async ({ refreshToken }: { refreshToken: string }): Promise<TokenSet> => {
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.live.delete(refreshToken)) {
      this.invalidGrants++;
      throw new AuthError('oauth', 'X refused the request (invalid_grant).', { oauthError: 'invalid_grant', status: 400 });
    }
    this.grants++;
    this.n++;
    this.live.add(`refresh-${this.n}`);
    return { accessToken: `access-${this.n}`, refreshToken: `refresh-${this.n}`, expiresIn: 7200, scopes: [] };
  };
}

/** Lets a promise that waits on fake-clock timers and real file IO settle: advances the clock in small steps. */
export async function settle<T>(clock: FakeClock, promise: Promise<T>, stepMs = 50): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => void (done = true));
  tracked.catch(() => undefined);
  for (let i = 0; i < 400 && !done; i++) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (!done) await clock.advance(stepMs);
  }
  return tracked;
}

/** What another window's write of one session leaves in SecretStorage (per-account layout), without an event. */
export function recordValue(session: StoredSession, generation = 2): string {
  return serializeRecord({ generation, session });
}

export function storedSession(values: Map<string, string>, id = 'session-1'): StoredSession | undefined {
  const record = parseRecord(values.get(sessionSecretKey(id)), id);
  return record.status === 'ok' ? record.value.session : undefined;
}
