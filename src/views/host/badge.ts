/** A count badge as `WebviewView.badge` takes it. */
export interface CountBadge {
  value: number;
  tooltip: string;
}

/**
 * The badge for `count` unread items. Zero gives a zero badge, not `undefined`: VS Code 1.100's WebviewViewPane
 * ignores an `undefined` badge and keeps showing the last count, while a zero badge clears it.
 */
export function countBadge(count: number, tooltip: (count: number) => string): CountBadge {
  return count > 0 ? { value: count, tooltip: tooltip(count) } : { value: 0, tooltip: '' };
}

/** Sets `target.badge` from `count()` whenever `update` is called (on every change that may move the count). */
export class BadgeUpdater {
  constructor(
    private readonly count: () => number,
    private readonly tooltip: (count: number) => string,
  ) {}

  update(target: { badge?: CountBadge | undefined } | undefined): void {
    if (target) target.badge = countBadge(this.count(), this.tooltip);
  }
}
