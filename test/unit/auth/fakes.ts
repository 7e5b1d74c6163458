import type { SecretStorageLike } from '../../../src/auth/sessionStore';
import type { OAuth2Session } from '../../../src/auth/sessionDocument';
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
