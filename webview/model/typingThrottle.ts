/** How often the composer may tell the host "typing" for one conversation. */
export const TYPING_INTERVAL_MS = 5000;

/**
 * Keystrokes in an encrypted conversation become at most one `typing` command per interval per conversation: X
 * shows the indicator for a few seconds, so one signal per interval keeps it lit without a request per key.
 */
export class TypingThrottle {
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly intervalMs = TYPING_INTERVAL_MS,
  ) {}

  /** True when a `typing` command for this conversation should be posted now (and records that it was). */
  take(conversationId: string): boolean {
    const now = this.now();
    const last = this.lastSent.get(conversationId);
    if (last !== undefined && now - last < this.intervalMs && now >= last) return false;
    this.lastSent.set(conversationId, now);
    return true;
  }
}
