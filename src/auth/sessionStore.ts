import type { Disposable, Event } from '../util/events';
import { Emitter } from '../util/events';
import type { Logger } from '../util/logger';
import { SESSIONS_SECRET_KEY } from './constants';
import type { StoredSession } from './sessionDocument';
import { parseSessionDocument, publicTokenOf, serializeSessionDocument } from './sessionDocument';

/** The part of `vscode.SecretStorage` the store needs, so it runs in plain Node tests. */
export interface SecretStorageLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  readonly onDidChange: Event<{ key: string }>;
}

export interface SessionDelta {
  added: StoredSession[];
  removed: StoredSession[];
  changed: StoredSession[];
}

/**
 * All sessions of the provider, cached in memory and kept equal to the one SecretStorage document. Every write is
 * read-modify-write on the latest stored value (another window may have changed it) and writes are serialised.
 * `onDidChange` fires with the exact delta, whether the change came from this window or another.
 */
export class SessionStore implements Disposable {
  private sessions: StoredSession[] = [];
  private loaded: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed = new Emitter<SessionDelta>();
  private readonly listener: Disposable;
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: SecretStorageLike,
    private readonly log: Logger,
    private readonly key: string = SESSIONS_SECRET_KEY,
  ) {
    this.listener = secrets.onDidChange((event) => {
      if (event.key === this.key) void this.reload();
    });
  }

  /** Loads once; later calls wait for the first load. */
  ready(): Promise<void> {
    this.loaded ??= this.reload();
    return this.loaded;
  }

  all(): StoredSession[] {
    return [...this.sessions];
  }

  get(id: string): StoredSession | undefined {
    return this.sessions.find((session) => session.id === id);
  }

  /** Re-reads the document (e.g. after another window wrote it) and publishes what changed. */
  reload(): Promise<void> {
    return this.serialised(async () => {
      this.apply(await this.read());
    });
  }

  /** Adds or replaces one session, persisted before the promise resolves. */
  upsert(session: StoredSession): Promise<void> {
    return this.serialised(async () => {
      const latest = await this.read();
      const next = latest.filter((existing) => existing.id !== session.id);
      next.push(session);
      await this.write(next);
      this.apply(next);
    });
  }

  /** Removes one session; resolves with it (undefined when it was already gone). */
  remove(id: string): Promise<StoredSession | undefined> {
    return this.serialised(async () => {
      const latest = await this.read();
      const removed = latest.find((session) => session.id === id);
      const next = latest.filter((session) => session.id !== id);
      if (removed) await this.write(next);
      this.apply(next);
      return removed;
    });
  }

  private async read(): Promise<StoredSession[]> {
    let raw: string | undefined;
    try {
      raw = await this.secrets.get(this.key);
    } catch (error) {
      // A broken keychain must not take the extension down; keep what we have in memory.
      this.log.error(`Could not read the X sessions from the secret storage: ${String(error)}`);
      return this.sessions;
    }
    const parsed = parseSessionDocument(raw);
    if (parsed.corrupt) {
      this.log.warn('The stored X sessions were unreadable and have been discarded; sign in again.');
      await this.secrets.delete(this.key);
    } else if (parsed.discarded > 0) {
      this.log.warn(`Discarded ${parsed.discarded} unreadable stored X session(s).`);
    }
    return parsed.sessions;
  }

  private async write(sessions: StoredSession[]): Promise<void> {
    if (sessions.length === 0) await this.secrets.delete(this.key);
    else await this.secrets.store(this.key, serializeSessionDocument(sessions));
  }

  private apply(next: StoredSession[]): void {
    const before = new Map(this.sessions.map((session) => [session.id, session]));
    const after = new Map(next.map((session) => [session.id, session]));
    const delta: SessionDelta = { added: [], removed: [], changed: [] };
    for (const [id, session] of after) {
      const old = before.get(id);
      if (!old) delta.added.push(session);
      else if (!sameSession(old, session)) delta.changed.push(session);
    }
    for (const [id, session] of before) if (!after.has(id)) delta.removed.push(session);
    this.sessions = next;
    if (delta.added.length || delta.removed.length || delta.changed.length) this.changed.fire(delta);
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}

function sameSession(a: StoredSession, b: StoredSession): boolean {
  if (publicTokenOf(a) !== publicTokenOf(b) || a.username !== b.username || a.kind !== b.kind) return false;
  if (a.kind === 'oauth2' && b.kind === 'oauth2') {
    return a.refreshToken === b.refreshToken && a.expiresAt === b.expiresAt && a.scopes.join(' ') === b.scopes.join(' ');
  }
  return true;
}
