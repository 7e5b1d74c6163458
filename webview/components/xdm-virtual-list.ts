import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { HeightIndex } from '../model/heightIndex';

const OVERSCAN_PX = 400;

/**
 * A virtualized list: only rows near the viewport are in the DOM, keyed so one new row re-renders nothing else.
 * `stickToBottom` makes it a chat log (opens at the end, follows new rows, holds still when older ones prepend).
 */
export class XdmVirtualList<T> extends LitElement {
  static override properties = {
    items: { attribute: false },
    stickToBottom: { type: Boolean, attribute: 'stick-to-bottom' },
  };

  items: readonly T[] = [];
  stickToBottom = false;
  keyOf: (item: T) => string = (item) => String(item);
  renderItem: (item: T, index: number) => TemplateResult = () => html``;
  estimate: (item: T) => number = () => 32;
  /** Extra attributes per row wrapper (role, id) are set by the item template itself. */

  private readonly heights = new HeightIndex();
  private start = 0;
  private end = 0;
  private atBottom = true;
  private anchor: { key: string; delta: number } | undefined;
  private frame = 0;
  private lastWrittenScrollTop = -1;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('scroll', this.onScroll, { passive: true });
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('scroll', this.onScroll);
    this.resizeObserver.disconnect();
    this.rowObserver.disconnect();
    cancelAnimationFrame(this.frame);
  }

  /** Scrolls so that row `index` is fully visible (keyboard navigation). */
  scrollToIndex(index: number, align: 'nearest' | 'end' = 'nearest'): void {
    const top = this.heights.offsetOf(index);
    const bottom = top + this.heights.heightAt(index);
    if (align === 'end' || bottom > this.scrollTop + this.clientHeight) this.setScrollTop(bottom - this.clientHeight);
    else if (top < this.scrollTop) this.setScrollTop(top);
    this.updateRange();
  }

  scrollToEnd(): void {
    this.atBottom = true;
    this.setScrollTop(this.heights.total());
    this.updateRange();
  }

  /** Rows currently in the DOM (for tests and the bench). */
  get renderedRange(): { start: number; end: number } {
    return { start: this.start, end: this.end };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('items')) return;
    const previous = changed.get('items') as readonly T[] | undefined;
    // Remember which row is at the top of the viewport so prepending older rows does not move what the user reads.
    if (previous && previous.length > 0 && !this.atBottom) {
      const index = this.heights.indexAt(this.scrollTop);
      const item = previous[index];
      if (item !== undefined) this.anchor = { key: this.keyOf(item), delta: this.scrollTop - this.heights.offsetOf(index) };
    }
    this.heights.setItems(this.items.map((item) => this.keyOf(item)), (i) => this.estimate(this.items[i]!));
    this.computeRange();
  }

  protected override render(): TemplateResult {
    const visible = this.items.slice(this.start, this.end);
    const top = this.heights.offsetOf(this.start);
    const bottom = this.heights.total() - this.heights.offsetOf(this.end);
    return html`<div class="vl-pad vl-top" .xdmHeight=${top}></div>${repeat(
      visible,
      (item) => this.keyOf(item),
      (item, i) => html`<div class="vl-row" data-key=${this.keyOf(item)}>${this.renderItem(item, this.start + i)}</div>`,
    )}<div class="vl-pad vl-bottom" .xdmHeight=${bottom}></div>${nothing}`;
  }

  protected override updated(): void {
    // Heights through the CSSOM: the CSP (no 'unsafe-inline') blocks style attributes, which styleMap writes first.
    for (const pad of this.querySelectorAll<HTMLElement & { xdmHeight?: number }>(':scope > .vl-pad')) {
      pad.style.height = `${pad.xdmHeight ?? 0}px`;
    }
    let changed = false;
    for (const row of this.querySelectorAll<HTMLElement>(':scope > .vl-row')) {
      if (this.heights.measure(row.dataset['key'] ?? '', row.offsetHeight)) changed = true;
      // Rows also change size on their own (images, web fonts, custom elements upgrading): re-measure then.
      if (!this.observed.has(row)) {
        this.observed.add(row);
        this.rowObserver.observe(row);
      }
    }
    if (this.anchor) {
      const index = this.heights.indexOfKey(this.anchor.key);
      if (index >= 0) this.setScrollTop(this.heights.offsetOf(index) + this.anchor.delta);
      this.anchor = undefined;
    } else if (this.stickToBottom && this.atBottom) {
      this.setScrollTop(this.heights.total());
    }
    if (changed || this.rangeIsStale()) {
      this.computeRange();
      this.requestUpdate();
    }
  }

  private setScrollTop(value: number): void {
    this.scrollTop = value;
    this.lastWrittenScrollTop = this.scrollTop;
  }

  private readonly resizeObserver = new ResizeObserver(() => {
    // The viewport changed (composer grew, panel resized): a chat log that was at its end stays there.
    if (this.stickToBottom && this.atBottom) this.setScrollTop(this.heights.total());
    this.updateRange();
  });
  private readonly observed = new WeakSet<Element>();
  private readonly rowObserver = new ResizeObserver((entries) => {
    let changed = false;
    for (const entry of entries) {
      const row = entry.target as HTMLElement;
      if (!row.isConnected) {
        this.rowObserver.unobserve(row);
        this.observed.delete(row);
        continue;
      }
      if (this.heights.measure(row.dataset['key'] ?? '', row.offsetHeight)) changed = true;
    }
    if (changed) this.requestUpdate();
  });

  private readonly onScroll = (): void => {
    // Scroll events arrive a frame late: one caused by our own scrollTop write (possibly clamped while the spacers
    // were still growing) says nothing about where the user wants to be.
    if (Math.abs(this.scrollTop - this.lastWrittenScrollTop) > 1) {
      this.atBottom = this.scrollTop + this.clientHeight >= this.scrollHeight - 8;
    }
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.updateRange());
  };

  private updateRange(): void {
    if (this.rangeIsStale()) {
      this.computeRange();
      this.requestUpdate();
    }
  }

  private rangeIsStale(): boolean {
    const [start, end] = this.wantedRange();
    return start < this.start || end > this.end || start > this.start + 20 || end < this.end - 20;
  }

  private computeRange(): void {
    [this.start, this.end] = this.wantedRange();
  }

  private wantedRange(): [number, number] {
    const count = this.items.length;
    if (count === 0) return [0, 0];
    const viewport = this.clientHeight || 600;
    const scrollTop = this.stickToBottom && this.atBottom ? Math.max(0, this.heights.total() - viewport) : this.scrollTop;
    const start = this.heights.indexAt(Math.max(0, scrollTop - OVERSCAN_PX));
    const end = Math.min(count, this.heights.indexAt(scrollTop + viewport + OVERSCAN_PX) + 1);
    return [start, end];
  }
}

customElements.define('xdm-virtual-list', XdmVirtualList);
