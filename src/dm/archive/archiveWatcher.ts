import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import type { ArchiveStore } from './archiveStore';
import type { DmChange } from '../dmService';

/**
 * Picks up what other windows wrote into the shared archive: a `stat` of the log every `intervalMs` (2 s by
 * default), reading only the bytes appended since the last look. A compaction by another window means a reload;
 * a cleared folder (X DMs: Clear Local Cache in another window) means an empty archive here too.
 */
export class ArchiveWatcher {
  private timer: { dispose(): void } | undefined;
  private stopped = true;
  private busy = false;

  constructor(
    private readonly store: ArchiveStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly changed: (change: DmChange) => void,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.plan();
  }

  private plan(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => void this.check().finally(() => this.plan()), this.intervalMs);
  }

  /** One look at the folder; public so tests can drive it without waiting. */
  async check(): Promise<void> {
    const disk = this.store.disk;
    if (!disk || this.busy) return;
    this.busy = true;
    try {
      const result = await disk.refresh();
      if (result.kind === 'records') {
        if (result.records.length === 0) return;
        const changes = this.store.applyExternal(result.records);
        if (changes.conversations.size > 0 || changes.outbox) {
          this.changed({ conversationIds: [...changes.conversations], incoming: [] });
        }
        return;
      }
      if (result.kind === 'cleared') this.logger.info('DM archive was cleared by another window.');
      const { state, report } = await disk.load();
      if (result.kind === 'reload' && (report.readOnly || report.partial)) {
        // What this window holds is more than the disk gave back: keep showing it rather than the part.
        this.logger.warn('DM archive reload was partial; keeping the archive in memory.');
        return;
      }
      this.store.replaceState(state);
      this.changed({ conversationIds: this.store.conversationIds(), incoming: [] });
    } catch (error) {
      this.logger.warn(`DM archive refresh failed: ${String(error)}`);
    } finally {
      this.busy = false;
    }
  }

  dispose(): void {
    this.stopped = true;
    this.timer?.dispose();
  }
}
