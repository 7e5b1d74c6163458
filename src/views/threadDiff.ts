import type { ThreadItemVM } from '../protocol/viewModels';

/**
 * Remembers what the webview was last sent for the open conversation, so a change (one new message, a status
 * flip, "Load older" no longer possible) is posted as a small delta instead of the whole 10,000-message thread.
 */
export interface ThreadDelta {
  upserts: ThreadItemVM[];
  removed: string[];
  canLoadOlder: boolean;
  /** False when there is nothing to post. */
  changed: boolean;
}

export class ThreadDiff {
  private sent = new Map<string, string>();
  private sentCanLoadOlder = false;

  /** Forget everything (a full thread was sent, or another conversation opened). */
  reset(items: ThreadItemVM[], canLoadOlder = false): void {
    this.sent = new Map(items.map((item) => [item.id, JSON.stringify(item)]));
    this.sentCanLoadOlder = canLoadOlder;
  }

  delta(items: ThreadItemVM[], canLoadOlder = this.sentCanLoadOlder): ThreadDelta {
    const next = new Map<string, string>();
    const upserts: ThreadItemVM[] = [];
    for (const item of items) {
      const json = JSON.stringify(item);
      next.set(item.id, json);
      if (this.sent.get(item.id) !== json) upserts.push(item);
    }
    const removed = [...this.sent.keys()].filter((id) => !next.has(id));
    const changed = upserts.length > 0 || removed.length > 0 || canLoadOlder !== this.sentCanLoadOlder;
    this.sent = next;
    this.sentCanLoadOlder = canLoadOlder;
    return { upserts, removed, canLoadOlder, changed };
  }
}
