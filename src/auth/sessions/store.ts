import type { Disposable, Event } from '../../util/events';
import { Emitter } from '../../util/events';
import type { Logger } from '../../util/logger';
import { SESSION_INDEX_SECRET_KEY, sessionSecretKey } from '../constants';
import { AuthError } from '../errors/authError';
import { dropFromLegacy, parseIndex, parseRecord, readLegacySessions, serializeIndex, serializeRecord } from './records';
import type { SessionDelta, StoredSession } from './session';
import { diffSessions } from './session';
import type { SharedAuthStateLike } from './sharedState';
import { isStale, uncoordinated } from './sharedState';

/** The part of `vscode.SecretStorage` the store needs, so it runs in plain Node tests. */
export interface SecretStorageLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
  readonly onDidChange: Event<{ key: string }>;
}

export type { SessionDelta } from './session';

/** Writes made while this window holds the machine-wide lease (see `SessionStore.exclusive`). */
export interface SessionTransaction {
  /** Re-reads SecretStorage; true when another window wrote sessions this window cannot see (reload needed). */
  stale(): Promise<boolean>;
  /** Rejects (`signedInElsewhere`, `newerData`) when this window must not write the sessions now. */
  writable(): Promise<void>;
  /** `checked: false` after a refresh grant: the old refresh token is dead, the new pair must be kept whatever. */
  upsert(session: StoredSession, options?: { checked?: boolean }): Promise<void>;
  remove(id: string): Promise<StoredSession | undefined>;
}

interface Snapshot {
  sessions: StoredSession[];
  generations: Map<string, number>;
  /** Ids in the index whose records a newer build wrote: kept in the index, never loaded or rewritten. */
  kept: string[];
  /** No index yet: the sessions come from the legacy document and are not migrated. */
  legacy: boolean;
  /** A value written by a newer build: nothing is written until the extension is updated. */
  newer: boolean;
}

/**
 * All sessions, cached in memory and migrated once from the legacy document. Writes happen under the machine-wide
 * lease and only when this window's SecretStorage view is current: code-server saves a tab's whole view (ADR 006).
 */
export class SessionStore implements Disposable {
  private snapshot: Snapshot = { sessions: [], generations: new Map(), kept: [], legacy: false, newer: false };
  private loaded: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed = new Emitter<SessionDelta>();
  private readonly newerData = new Emitter<void>();
  private newerAnnounced = false;
  private readonly listener: Disposable;
  readonly onDidChange = this.changed.event;
  /** Fires once when stored sessions were written by a newer build of the extension (left untouched). */
  readonly onNewerData = this.newerData.event;

  constructor(
    private readonly secrets: SecretStorageLike,
    private readonly log: Logger,
    private readonly shared: SharedAuthStateLike = uncoordinated,
  ) {
    this.listener = secrets.onDidChange((event) => {
      if (event.key === SESSION_INDEX_SECRET_KEY || event.key.startsWith(sessionSecretKey(''))) void this.reload();
    });
  }

  /** Loads once (migrating the legacy document); later calls wait for the first load. */
  ready(): Promise<void> {
    this.loaded ??= this.reload().then(() => (this.snapshot.legacy ? this.migrateLegacy() : undefined));
    return this.loaded;
  }

  all(): StoredSession[] {
    return [...this.snapshot.sessions];
  }

  get(id: string): StoredSession | undefined {
    return this.snapshot.sessions.find((session) => session.id === id);
  }

  /** Re-reads SecretStorage (e.g. after another window wrote it) and publishes what changed. */
  reload(): Promise<void> {
    return this.serialised(async () => this.apply(await this.read()));
  }

  /** Runs `work` under the machine-wide lease; its transaction is the only way to write while holding it. */
  exclusive<T>(work: (tx: SessionTransaction) => Promise<T>): Promise<T> {
    return this.shared.withLease(() => work(this.transaction()));
  }

  /** Adds or replaces one session, persisted before the promise resolves. */
  upsert(session: StoredSession): Promise<void> {
    return this.exclusive((tx) => tx.upsert(session));
  }

  /** Removes one session; resolves with it (undefined when it was already gone). */
  remove(id: string): Promise<StoredSession | undefined> {
    return this.exclusive((tx) => tx.remove(id));
  }

  private transaction(): SessionTransaction {
    const stale = async (): Promise<boolean> => {
      await this.reload();
      return isStale(this.snapshot, await this.shared.markers());
    };
    const writable = async (): Promise<void> => {
      if (await stale()) throw new AuthError('signedInElsewhere', 'Another window changed the X sessions; reload this window.');
      if (this.snapshot.newer) throw new AuthError('newerData', 'The X sessions were saved by a newer version of the extension.');
    };
    return {
      stale,
      writable,
      upsert: async (session, options) => {
        if (options?.checked === false) await this.reload();
        else await writable();
        const markers = await this.shared.markers();
        const next = (id: string): number => Math.max(this.snapshot.generations.get(id) ?? 0, markers.get(id)?.generation ?? 0) + 1;
        await this.serialised(async () => {
          const { legacy, kept } = this.snapshot;
          const sessions = [...this.snapshot.sessions.filter((s) => s.id !== session.id), session];
          // Not migrated yet: every account gets its record here, or the new index would drop the others.
          const written = legacy ? sessions : [session];
          const generations = new Map(this.snapshot.generations);
          for (const s of written) generations.set(s.id, next(s.id));
          for (const s of written) await this.secrets.store(sessionSecretKey(s.id), serializeRecord({ generation: generations.get(s.id) ?? 1, session: s }));
          if (legacy || !this.snapshot.generations.has(session.id)) {
            await this.secrets.store(SESSION_INDEX_SECRET_KEY, serializeIndex([...sessions.map((s) => s.id), ...kept]));
          }
          for (const s of written) await this.shared.mark(s.id, { generation: generations.get(s.id) ?? 1, removed: false });
          this.apply({ ...this.snapshot, legacy: false, generations, sessions });
        });
      },
      remove: async (id) => {
        await writable();
        const removed = this.get(id);
        if (!removed) return undefined;
        const generation = (this.snapshot.generations.get(id) ?? 0) + 1;
        await this.serialised(async () => {
          const rest = this.snapshot.sessions.filter((s) => s.id !== id);
          await this.secrets.store(SESSION_INDEX_SECRET_KEY, serializeIndex([...rest.map((s) => s.id), ...this.snapshot.kept]));
          await this.secrets.delete(sessionSecretKey(id));
          await dropFromLegacy(this.secrets, id);
          await this.shared.mark(id, { generation, removed: true });
          const generations = new Map(this.snapshot.generations);
          generations.delete(id);
          this.apply({ ...this.snapshot, legacy: false, generations, sessions: rest });
        });
        return removed;
      },
    };
  }

  /** First load without an index: copy the legacy document into per-account secrets (left in place for one version). */
  async migrateLegacy(): Promise<void> {
    try {
      await this.exclusive(async (tx) => {
        if (await tx.stale()) return; // another window migrated and wrote since this one loaded: it must reload
        const { sessions, legacy, newer } = this.snapshot;
        if (!legacy || newer || sessions.length === 0) return;
        const markers = await this.shared.markers();
        // Above a signed-out generation of the same id, so that no window mistakes the copy for the removed one.
        const generations = new Map(sessions.map((s) => [s.id, (markers.get(s.id)?.generation ?? 0) + 1]));
        // Records first, then the index: a window reading in between never sees an account without its record.
        await this.serialised(async () => {
          for (const session of sessions) {
            const generation = generations.get(session.id) ?? 1;
            await this.secrets.store(sessionSecretKey(session.id), serializeRecord({ generation, session }));
          }
          await this.secrets.store(SESSION_INDEX_SECRET_KEY, serializeIndex(sessions.map((s) => s.id)));
          for (const [id, generation] of generations) await this.shared.mark(id, { generation, removed: false });
          this.apply({ ...this.snapshot, legacy: false, generations });
        });
        this.log.info(`Moved ${sessions.length} X session(s) to per-account secrets.`);
      });
    } catch (error) {
      this.log.warn(`Could not move the X sessions to per-account secrets yet: ${String(error)}`);
    }
  }

  private async read(): Promise<Snapshot> {
    try {
      return await this.readAll();
    } catch (error) {
      // A broken keychain must not take the extension down; keep what we have in memory.
      this.log.error(`Could not read the X sessions from the secret storage: ${String(error)}`);
      return this.snapshot;
    }
  }

  private async readAll(): Promise<Snapshot> {
    const index = parseIndex(await this.secrets.get(SESSION_INDEX_SECRET_KEY));
    const empty: Snapshot = { sessions: [], generations: new Map(), kept: [], legacy: false, newer: false };
    if (index.status === 'newer') return { ...empty, newer: this.announceNewer('index', index.version) };
    if (index.status === 'corrupt') this.log.warn('The index of stored X sessions was unreadable; it is rebuilt on the next sign-in.');
    if (index.status !== 'ok') return this.readLegacy(empty, index.status === 'absent');
    const snapshot = { ...empty, generations: new Map<string, number>() };
    for (const id of index.value) {
      const record = parseRecord(await this.secrets.get(sessionSecretKey(id)), id);
      if (record.status === 'ok') {
        snapshot.sessions.push(record.value.session);
        snapshot.generations.set(id, record.value.generation);
      } else if (record.status === 'newer') {
        snapshot.kept.push(id);
        this.announceNewer('session', record.version);
      } else if (record.status === 'corrupt') this.log.warn('Discarded an unreadable stored X session.');
    }
    return snapshot;
  }

  private async readLegacy(empty: Snapshot, indexAbsent: boolean): Promise<Snapshot> {
    if (!indexAbsent) return empty;
    const legacy = await readLegacySessions(this.secrets, this.log);
    if ('newerVersion' in legacy) return { ...empty, newer: this.announceNewer('document', legacy.newerVersion) };
    return { ...empty, sessions: legacy.sessions, legacy: true };
  }

  private announceNewer(what: string, version: number): true {
    this.log.warn(`The stored X ${what} has version ${version}, newer than this build reads; it was left untouched.`);
    if (!this.newerAnnounced) {
      this.newerAnnounced = true;
      this.newerData.fire();
    }
    return true;
  }

  private apply(next: Snapshot): void {
    const delta = diffSessions(this.snapshot.sessions, next.sessions);
    this.snapshot = next;
    if (delta.added.length || delta.removed.length || delta.changed.length) this.changed.fire(delta);
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** VS Code calls this on deactivation (registerAuthentication pushes it to `context.subscriptions`). */
  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
    this.newerData.dispose();
  }
}
