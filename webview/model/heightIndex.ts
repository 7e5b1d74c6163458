/**
 * Row heights of a virtual list: measured heights by key (so a row keeps its height when rows are added around
 * it), estimates for rows never rendered, and prefix sums for O(log n) offset → index lookups.
 */
export class HeightIndex {
  private readonly measured = new Map<string, number>();
  private sizes: number[] = [];
  private prefix: Float64Array = new Float64Array(1);
  private positions = new Map<string, number>();

  setItems(keys: string[], estimate: (index: number) => number): void {
    this.sizes = keys.map((key, i) => this.measured.get(key) ?? estimate(i));
    this.positions = new Map(keys.map((key, i) => [key, i]));
    this.rebuild();
  }

  /** Records a measured height; true when it differs from what was assumed. */
  measure(key: string, height: number): boolean {
    const index = this.positions.get(key);
    if (index === undefined || height <= 0) return false;
    this.measured.set(key, height);
    if (this.sizes[index] === height) return false;
    this.sizes[index] = height;
    this.rebuild();
    return true;
  }

  total(): number {
    return this.prefix[this.sizes.length] ?? 0;
  }

  offsetOf(index: number): number {
    return this.prefix[Math.max(0, Math.min(index, this.sizes.length))] ?? 0;
  }

  heightAt(index: number): number {
    return this.sizes[index] ?? 0;
  }

  indexOfKey(key: string): number {
    return this.positions.get(key) ?? -1;
  }

  /** Index of the row containing vertical offset `y` (clamped to the last row). */
  indexAt(y: number): number {
    const count = this.sizes.length;
    if (count === 0) return 0;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.prefix[mid] ?? 0) <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private rebuild(): void {
    const prefix = new Float64Array(this.sizes.length + 1);
    for (let i = 0; i < this.sizes.length; i++) prefix[i + 1] = prefix[i]! + this.sizes[i]!;
    this.prefix = prefix;
  }
}
