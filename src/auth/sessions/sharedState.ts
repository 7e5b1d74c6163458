import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as v from 'valibot';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';

// A folder in global storage that every window of the machine shares (ADR 006). No secrets: a lease so one window at
// a time writes sessions or spends a refresh token, and per session the generation of its last write.
export interface SessionMarker {
  generation: number;
  /** The session was signed out at this generation. */
  removed: boolean;
}

export interface SharedAuthStateLike {
  /** Runs `work` while this window holds the machine-wide lease (waits for another holder, takes over a stale one). */
  withLease<T>(work: () => Promise<T>): Promise<T>;
  markers(): Promise<Map<string, SessionMarker>>;
  /** Publishes a session's new generation; call only while holding the lease. */
  mark(sessionId: string, marker: SessionMarker): Promise<void>;
}

const LeaseSchema = v.object({ owner: v.string(), token: v.string(), expiresAt: v.number() });
const MarkersSchema = v.object({
  version: v.literal(1),
  sessions: v.record(v.string(), v.object({ generation: v.number(), removed: v.optional(v.boolean(), false) })),
});

/** Waiting for the lease took longer than any holder may keep it: transient, try again later. */
export class LeaseTimeoutError extends Error {
  readonly transient = true;
}

export interface SharedAuthStateOptions {
  dir: string;
  clock: Clock;
  log: Logger;
  /** A holder that vanished (crashed window) loses the lease after this long; a refresh grant takes ≤ 30 s. */
  leaseTtlMs?: number;
  /** Give up waiting after this long. */
  waitMs?: number;
  pollMs?: number;
}

export class SharedAuthState implements SharedAuthStateLike {
  private readonly leasePath: string;
  private readonly markersPath: string;
  private readonly owner = randomBytes(8).toString('hex');
  /** Callers of this window queue here first, so the file lease is only contended between windows. */
  private queue: Promise<unknown> = Promise.resolve();
  private unusableLogged = false;

  constructor(private readonly options: SharedAuthStateOptions) {
    this.leasePath = path.join(options.dir, 'refresh.lease');
    this.markersPath = path.join(options.dir, 'generations.json');
  }

  withLease<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.leased(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async markers(): Promise<Map<string, SessionMarker>> {
    let raw: string;
    try {
      raw = await readFile(this.markersPath, 'utf8');
    } catch {
      return new Map();
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return new Map();
    }
    const parsed = v.safeParse(MarkersSchema, json);
    return parsed.success ? new Map(Object.entries(parsed.output.sessions)) : new Map();
  }

  async mark(sessionId: string, marker: SessionMarker): Promise<void> {
    const all = await this.markers();
    all.set(sessionId, marker);
    const temp = `${this.markersPath}.tmp-${randomBytes(4).toString('hex')}`;
    try {
      await mkdir(this.options.dir, { recursive: true });
      await writeFile(temp, JSON.stringify({ version: 1, sessions: Object.fromEntries(all) }));
      await rename(temp, this.markersPath);
    } catch (error) {
      this.options.log.warn(`Could not record the X session generation in global storage: ${String(error)}`);
    }
  }

  private async leased<T>(work: () => Promise<T>): Promise<T> {
    const token = await this.acquire();
    try {
      return await work();
    } finally {
      if (token) await this.release(token);
    }
  }

  /** The lease token, or undefined when the folder cannot be used (then windows are not coordinated). */
  private async acquire(): Promise<string | undefined> {
    const { clock } = this.options;
    const ttl = this.options.leaseTtlMs ?? 60_000;
    const waitUntil = clock.now() + (this.options.waitMs ?? ttl + 10_000);
    const token = randomBytes(8).toString('hex');
    try {
      await mkdir(this.options.dir, { recursive: true });
    } catch (error) {
      return this.unusable(error);
    }
    for (;;) {
      try {
        const handle = await open(this.leasePath, 'wx');
        try {
          await handle.writeFile(JSON.stringify({ owner: this.owner, token, expiresAt: clock.now() + ttl }));
        } finally {
          await handle.close();
        }
        return token;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return this.unusable(error);
      }
      await this.takeOverIfStale();
      if (clock.now() > waitUntil) throw new LeaseTimeoutError('Another window holds the X session lease.');
      await new Promise<void>((resolve) => clock.setTimeout(resolve, this.options.pollMs ?? 100));
    }
  }

  /**
   * An expired lease is moved aside by rename, which only one waiter can do. If what was moved is not the lease
   * judged stale (its holder renewed it meanwhile), it is linked back unless a new lease already exists.
   */
  private async takeOverIfStale(): Promise<void> {
    const seen = await this.readLease(this.leasePath);
    if (seen && seen.expiresAt >= this.options.clock.now()) return;
    // Unreadable: a holder between create and write, or one that crashed there (then the file grows old).
    if (!seen && !(await this.olderThanTtl())) return;
    const aside = `${this.leasePath}.stale-${randomBytes(4).toString('hex')}`;
    try {
      await rename(this.leasePath, aside);
    } catch {
      return; // another waiter moved it first
    }
    const moved = await this.readLease(aside);
    if (moved && moved.token !== seen?.token) await link(aside, this.leasePath).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    this.options.log.info('Took over an expired X session lease from a window that stopped.');
  }

  private async olderThanTtl(): Promise<boolean> {
    try {
      return (await stat(this.leasePath)).mtimeMs + (this.options.leaseTtlMs ?? 60_000) < this.options.clock.now();
    } catch {
      return false;
    }
  }

  private async release(token: string): Promise<void> {
    const lease = await this.readLease(this.leasePath);
    if (lease?.token === token) await unlink(this.leasePath).catch(() => undefined);
  }

  private async readLease(file: string): Promise<v.InferOutput<typeof LeaseSchema> | undefined> {
    try {
      const parsed = v.safeParse(LeaseSchema, JSON.parse(await readFile(file, 'utf8')));
      return parsed.success ? parsed.output : undefined;
    } catch {
      return undefined; // absent, or torn between create and write: the next round looks again
    }
  }

  private unusable(error: unknown): undefined {
    if (!this.unusableLogged) {
      this.unusableLogged = true;
      this.options.log.warn(`The global storage folder is not usable; windows cannot coordinate token renewal: ${String(error)}`);
    }
    return undefined;
  }
}

/** This window's view of the stored sessions: the generation of each record it could read. */
export interface SessionView {
  generations: ReadonlyMap<string, number>;
  /** The view comes from the legacy single document (no per-account records yet). */
  legacy: boolean;
}

/**
 * True when another window wrote sessions this window's SecretStorage does not show (a newer generation, or a
 * sign-out of an account it still sees). On code-server only a reload catches up: secrets are kept per browser tab.
 */
export function isStale(view: SessionView, markers: ReadonlyMap<string, SessionMarker>): boolean {
  // Any live per-account record means another window migrated after this one loaded the legacy document.
  if (view.legacy && [...markers.values()].some((marker) => !marker.removed)) return true;
  for (const [id, marker] of markers) {
    const ours = view.generations.get(id) ?? 0;
    if (marker.removed ? ours > 0 && ours < marker.generation : ours < marker.generation) return true;
  }
  return false;
}

/** No shared folder (plain unit tests): one window, writes serialised in memory only. */
export const uncoordinated: SharedAuthStateLike = (() => {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    withLease<T>(work: () => Promise<T>): Promise<T> {
      const run = queue.then(work, work);
      queue = run.catch(() => undefined);
      return run;
    },
    markers: async () => new Map(),
    mark: async () => undefined,
  };
})();
