/**
 * A sliding multiset of values that answers order statistics in O(log m), m being the number of distinct values it
 * may ever hold. It is the exact structure behind rolling medians (the `mad` detector) and is kept separate so
 * other detectors can reuse it. Its Go twin is pkg/detectors/rank_window.go; both must return the same numbers.
 *
 * How: every value the window may hold is known in advance (a detector's whole input), so the values are sorted
 * and deduplicated once ("coordinate compression", O(n log n)). The window is then a Fenwick tree (binary indexed
 * tree) of counts over those ranks: add/remove are O(log m) and the k-th smallest value is an O(log m) descent of
 * the tree. Knowing future values only fixes the rank numbering; the answers depend only on the values currently
 * in the window, so a detector using it stays causal.
 *
 * Distances: the k-th smallest |x − c| over the window (the MAD is its median) is a selection from two sorted
 * sequences — window values ≤ c read downwards, values > c read upwards — each readable by index through the tree.
 * A binary search over how many of the k+1 smallest come from the lower side needs O(log w) probes of O(log m)
 * each: O(log w · log m) per query, no allocation.
 */
export class RankWindow {
  /** Sorted distinct values; a value's rank is its index here. */
  private readonly values: Float64Array;
  /** Fenwick tree of counts, 1-based: tree[i] covers ranks (i − lowbit(i), i]. */
  private readonly tree: Int32Array;
  /** Highest power of two ≤ values.length: the first step of the descent. */
  private readonly top: number;
  private size = 0;

  /** An empty window over the values a caller may add later (NaN entries are ignored; the input is not modified). */
  constructor(universe: ArrayLike<number>) {
    const valid = new Float64Array(universe.length);
    let n = 0;
    for (let i = 0; i < universe.length; i++) {
      if (!Number.isNaN(universe[i])) {
        valid[n++] = universe[i];
      }
    }
    const sorted = valid.subarray(0, n).sort(); // typed-array sort is numeric
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (m === 0 || sorted[i] !== sorted[m - 1]) {
        sorted[m++] = sorted[i];
      }
    }
    this.values = sorted.slice(0, m);
    this.tree = new Int32Array(m + 1);
    let top = 1;
    while (top * 2 <= m) {
      top *= 2;
    }
    this.top = m === 0 ? 0 : top;
  }

  /** The rank of x, which must be one of the values the window was built over (−1 otherwise). */
  rank(x: number): number {
    const r = this.firstAbove(x, true);
    return r < this.values.length && this.values[r] === x ? r : -1;
  }

  /** Number of values in the window. */
  get length(): number {
    return this.size;
  }

  /** Puts one value, given by its rank, into the window. */
  add(rank: number): void {
    for (let i = rank + 1; i < this.tree.length; i += i & -i) {
      this.tree[i]++;
    }
    this.size++;
  }

  /** Takes one value, given by its rank, out of the window; the value must be in it. */
  remove(rank: number): void {
    for (let i = rank + 1; i < this.tree.length; i += i & -i) {
      this.tree[i]--;
    }
    this.size--;
  }

  /** The k-th smallest value in the window, k from 0 to length − 1 (duplicates counted). */
  kth(k: number): number {
    // Descend to the largest position whose prefix count is ≤ k; the next rank holds the (k+1)-th value.
    let pos = 0;
    let remaining = k + 1;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && this.tree[next] < remaining) {
        pos = next;
        remaining -= this.tree[next];
      }
    }
    return this.values[pos];
  }

  /** numpy's median of the window: the middle value, or the mean of the two middle values. NaN when empty. */
  median(): number {
    const n = this.size;
    if (n === 0) {
      return NaN;
    }
    if (n % 2 === 1) {
      return this.kth((n - 1) / 2);
    }
    return midpoint(this.kth(n / 2 - 1), this.kth(n / 2));
  }

  /** numpy's median of |x − center| over the window (unscaled). NaN when empty. */
  medianAbsDeviation(center: number): number {
    const n = this.size;
    if (n === 0) {
      return NaN;
    }
    if (n % 2 === 1) {
      return this.kthDistance(center, (n - 1) / 2);
    }
    return midpoint(this.kthDistance(center, n / 2 - 1), this.kthDistance(center, n / 2));
  }

  /** The k-th smallest |x − center| over the window, k from 0 to length − 1. */
  kthDistance(center: number, k: number): number {
    // below(j) = center − (j-th largest value ≤ center), above(j) = (j-th smallest value > center) − center: both
    // ascend with j. Take the k+1 smallest distances from the two, i of them from below: the right i is the
    // smallest one with below(i) ≥ above(k − i) (a monotone condition), and the answer is the larger of the last
    // distance taken from each side.
    const nBelow = this.countAtMost(center);
    const nAbove = this.size - nBelow;
    const take = k + 1;
    let lo = Math.max(0, take - nAbove);
    let hi = Math.min(nBelow, take);
    while (lo < hi) {
      const i = (lo + hi) >>> 1;
      const j = take - i;
      if (j > 0 && this.kth(nBelow + j - 1) - center > center - this.kth(nBelow - 1 - i)) {
        lo = i + 1;
      } else {
        hi = i;
      }
    }
    const i = lo;
    const j = take - lo;
    let d = -Infinity;
    if (i > 0) {
      d = center - this.kth(nBelow - i);
    }
    if (j > 0) {
      d = Math.max(d, this.kth(nBelow + j - 1) - center);
    }
    return d;
  }

  /** Number of window values ≤ c. */
  private countAtMost(c: number): number {
    // Ranks 0..n−1 hold the distinct values ≤ c; the tree's prefix sum up to position n counts them.
    let count = 0;
    for (let i = this.firstAbove(c, false); i > 0; i -= i & -i) {
      count += this.tree[i];
    }
    return count;
  }

  /** Index of the first value ≥ x (inclusive) or > x (not inclusive); values.length when there is none. */
  private firstAbove(x: number, inclusive: boolean): number {
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (inclusive ? this.values[mid] >= x : this.values[mid] > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}

/** (a + b) / 2 as numpy computes it, without overflowing to ±Infinity for values near ±MAX_VALUE. */
function midpoint(a: number, b: number): number {
  const sum = a + b;
  return sum === Infinity || sum === -Infinity ? a / 2 + b / 2 : sum / 2;
}
