import { Emitter, type Event } from '../../util/events';

/** The user's minimum: X allows 15 requests per 15 minutes on `/2/dm_events`. */
const MIN_SECONDS = 15;

/**
 * How often sync polls: the user's interval, or a slower safety net that real-time delivery sets while its stream
 * is healthy (src/realtime). The status bar shows which one applies.
 */
export class PollInterval {
  private overrideMs: number | undefined;
  private readonly changed = new Emitter<void>();
  /** Fires when real-time delivery takes over polling or hands it back. */
  readonly onDidChangeMode: Event<void> = this.changed.event;

  constructor(private seconds: number) {}

  get ms(): number {
    return this.overrideMs ?? this.seconds * 1000;
  }

  setSeconds(seconds: number): void {
    if (Number.isFinite(seconds)) this.seconds = Math.max(MIN_SECONDS, seconds);
  }

  /** Returns false when nothing changed. */
  setOverride(ms: number | undefined): boolean {
    if (ms === this.overrideMs) return false;
    this.overrideMs = ms;
    this.changed.fire();
    return true;
  }

  mode(): { realTime: boolean; everySeconds: number } {
    return { realTime: this.overrideMs !== undefined, everySeconds: this.seconds };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
