import { upperBound } from '../charging/register-series';

/**
 * The last `size` numbers in arrival order, kept sorted beside that order, so their
 * median is read without sorting the window again for every read (the validator asks
 * for the spike baseline's median once per read). Same values, same median as
 * sorting a copy of the window each time.
 */
export class SlidingMedian {
  private readonly order: number[] = [];
  private readonly sorted: number[] = [];

  constructor(private readonly size: number) {}

  get length(): number {
    return this.order.length;
  }

  push(value: number): void {
    this.order.push(value);
    this.sorted.splice(upperBound(this.sorted, value), 0, value);
    if (this.order.length > this.size) {
      const oldest = this.order.shift()!;
      this.sorted.splice(upperBound(this.sorted, oldest) - 1, 1);
    }
  }

  median(): number | null {
    const n = this.sorted.length;
    if (n === 0) return null;
    const mid = n >> 1;
    return n % 2 ? this.sorted[mid] : (this.sorted[mid - 1] + this.sorted[mid]) / 2;
  }
}
