import type { ThreadItemVM } from '../protocol/viewModels';

/**
 * Remembers what the webview was last sent for the open conversation, so a change (one new message, a status
 * flip) is posted as a small delta instead of the whole 10,000-message thread.
 */
export class ThreadDiff {
  private sent = new Map<string, string>();

  /** Forget everything (a full thread was sent, or another conversation opened). */
  reset(items: ThreadItemVM[]): void {
    this.sent = new Map(items.map((item) => [item.id, JSON.stringify(item)]));
  }

  delta(items: ThreadItemVM[]): { upserts: ThreadItemVM[]; removed: string[] } {
    const next = new Map<string, string>();
    const upserts: ThreadItemVM[] = [];
    for (const item of items) {
      const json = JSON.stringify(item);
      next.set(item.id, json);
      if (this.sent.get(item.id) !== json) upserts.push(item);
    }
    const removed = [...this.sent.keys()].filter((id) => !next.has(id));
    this.sent = next;
    return { upserts, removed };
  }
}
