import type { Clock } from '../../util/clock';
import { Emitter, type Event } from '../../util/events';
import type { Logger } from '../../util/logger';
import type { ArchiveHealth, DmChange } from '../dmService';
import type { ArchiveStore } from './archiveStore';
import { ArchiveWatcher } from './archiveWatcher';

/**
 * The archive's life in one window: the lazy load (head first, threads in the background), watching other
 * windows' writes, background compaction, disk health, and the last writes and lease release on close.
 */
export class ArchiveSession {
  private readonly healthChanged = new Emitter<ArchiveHealth>();
  readonly onDidChangeHealth: Event<ArchiveHealth> = this.healthChanged.event;
  private readonly watcher: ArchiveWatcher | undefined;
  private loading: Promise<void> | undefined;
  private loadingRest: Promise<void> = Promise.resolve();
  private compaction: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly store: ArchiveStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    watchIntervalMs: number,
    /** Announces a change the archive brought (another window's writes, threads read from disk). */
    private readonly announce: (change: DmChange) => void,
    /** Runs once the head is loaded, before anything else reads the archive. */
    private readonly afterLoad: () => void,
  ) {
    const disk = store.disk;
    if (disk) {
      disk.onDidChangeStatus((status) => {
        if (!this.disposed) this.healthChanged.fire({ ...status, folder: disk.dir });
      });
      this.watcher = new ArchiveWatcher(store, clock, logger, watchIntervalMs, announce);
    }
  }

  get health(): ArchiveHealth | undefined {
    const disk = this.store.disk;
    return disk ? { ...disk.status, folder: disk.dir } : undefined;
  }

  /** Resolves when the conversation list is ready (the snapshot's head is loaded). */
  ready(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  /** Resolves when every archived event is in memory. */
  loaded(): Promise<void> {
    return this.ready().then(() => this.loadingRest);
  }

  private async load(): Promise<void> {
    const started = this.clock.now();
    const report = await this.store.load().catch((error: unknown) => {
      this.logger.error(`DM archive could not be read; continuing in memory: ${String(error)}`);
      return undefined;
    });
    if (report) this.logger.info(`DM archive loaded: ${report.events} events in ${this.clock.now() - started} ms.`);
    this.afterLoad();
    if (this.disposed) return;
    this.loadingRest = this.loadRest(started);
  }

  /** The threads the list did not need, in the background; then what needs every event may run. */
  private async loadRest(started: number): Promise<void> {
    const { store } = this;
    if (!store.complete) {
      await store.loadRest().catch((error: unknown) => this.logger.warn(`DM archive threads: ${String(error)}`));
      this.logger.info(`DM archive threads loaded: ${store.eventCount} events in ${this.clock.now() - started} ms.`);
      this.announce({ conversationIds: store.conversationIds(), incoming: [] });
    }
    if (this.disposed) return;
    this.watcher?.start();
    this.compact();
  }

  /** Background compaction; what other windows appended meanwhile is announced like the watcher does. */
  compact(): void {
    if (!this.store.disk) return;
    this.compaction = this.store
      .compact((changes) => {
        if (changes.conversations.size > 0) this.announce({ conversationIds: [...changes.conversations], incoming: [] });
      })
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn(`DM archive compaction failed: ${String(error)}`),
      );
  }

  /** Picks up other windows' writes now (the watcher does it every couple of seconds anyway). */
  async refresh(): Promise<void> {
    await this.loaded();
    await this.watcher?.check();
  }

  /** Waits for queued writes and a running compaction. */
  async flush(): Promise<void> {
    await this.loadingRest;
    await this.store.disk?.flush();
    await this.compaction;
  }

  /** Stops watching; settles when the last records are written and the sync lease is released. */
  close(): Promise<void> {
    this.disposed = true;
    this.watcher?.dispose();
    this.healthChanged.dispose();
    const disk = this.store.disk;
    return disk ? this.flush().then(() => disk.lease.release()) : Promise.resolve();
  }
}
