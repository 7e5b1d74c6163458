/** The part of `localStorage` used here (a fake in tests). */
export interface SmallStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'xdm.xchatDismissed';
const MAX_ENTRIES = 50;

/**
 * X Chat notices the user dismissed, by account and status ("no keys" for @ada stays hidden for @ada only; a new
 * status shows again). Kept in the webview's own storage: it is a display preference, not state the host needs.
 * Storage that throws or holds junk degrades to "remember for this page".
 */
export class XChatDismissals {
  private entries: string[];

  constructor(private readonly storage: SmallStorage | undefined) {
    this.entries = read(storage);
  }

  isDismissed(accountId: string | undefined, status: string): boolean {
    return accountId !== undefined && this.entries.includes(entry(accountId, status));
  }

  dismiss(accountId: string | undefined, status: string): void {
    if (accountId === undefined || this.isDismissed(accountId, status)) return;
    this.entries = [...this.entries, entry(accountId, status)].slice(-MAX_ENTRIES);
    try {
      this.storage?.setItem(KEY, JSON.stringify(this.entries));
    } catch {
      // Quota or a sandbox without storage: the dismissal holds until the page reloads.
    }
  }
}

function entry(accountId: string, status: string): string {
  return `${accountId}:${status}`;
}

function read(storage: SmallStorage | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string').slice(-MAX_ENTRIES) : [];
  } catch {
    return [];
  }
}

/** The webview's `localStorage`, or none where reading it throws. */
export function webviewStorage(): SmallStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
