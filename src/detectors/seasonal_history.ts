/**
 * Per-phase history for the `seasonal` detector: the last `depth` values seen in each phase of the season, kept in
 * ring buffers, plus for every phase whose ring is full its median and its leave-one-out deviations (each value's
 * distance from the median of the phase's other depth − 1 values). Both are recomputed only when that phase
 * receives a value — O(depth·log depth) per added point — so a lookup costs O(1).
 *
 * Phases get storage on first use (a Map from phase number to a slot), so memory is O(slots·depth) with
 * slots = min(phases per season, valid points): a weekly season at a 1 s step does not allocate 604 800 rings
 * for a 6-hour query.
 */
export class PhaseHistory {
  /** Median of each full slot's ring (NaN until full). */
  readonly medians: Float64Array;
  /** slot·depth + k: the leave-one-out deviations of a full slot's ring. */
  readonly deviations: Float64Array;
  private readonly slotOf = new Map<number, number>();
  private readonly values: Float64Array;
  private readonly counts: Int32Array;
  private readonly heads: Int32Array;
  private readonly sorted: Float64Array;

  constructor(
    maxSlots: number,
    readonly depth: number
  ) {
    this.medians = new Float64Array(maxSlots).fill(NaN);
    this.deviations = new Float64Array(maxSlots * depth);
    this.values = new Float64Array(maxSlots * depth);
    this.counts = new Int32Array(maxSlots);
    this.heads = new Int32Array(maxSlots);
    this.sorted = new Float64Array(depth);
  }

  /** The slot of a phase whose ring holds `depth` values, or −1 (no data yet, or still filling). */
  fullSlot(phase: number): number {
    const slot = this.slotOf.get(phase);
    return slot !== undefined && this.counts[slot] === this.depth ? slot : -1;
  }

  /** Appends x to the phase's ring (the oldest value drops out once full) and refreshes its cached statistics. */
  add(phase: number, x: number): void {
    let slot = this.slotOf.get(phase);
    if (slot === undefined) {
      slot = this.slotOf.size;
      this.slotOf.set(phase, slot);
    }
    const d = this.depth;
    const base = slot * d;
    this.values[base + this.heads[slot]] = x;
    this.heads[slot] = this.heads[slot] + 1 === d ? 0 : this.heads[slot] + 1;
    if (this.counts[slot] < d) {
      this.counts[slot]++;
      if (this.counts[slot] < d) {
        return;
      }
    }
    const s = this.sorted;
    s.set(this.values.subarray(base, base + d));
    s.sort();
    this.medians[slot] = sortedMedian(s, d);
    for (let j = 0; j < d; j++) {
      this.deviations[base + j] = Math.abs(s[j] - medianWithout(s, d, j));
    }
  }
}

/** Median of the first n values of an ascending array. */
export function sortedMedian(s: ArrayLike<number>, n: number): number {
  const m = n >> 1;
  return n % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median of the first n values of `a` (numpy's: the mean of the two middle values for even n), by selection in
 * O(n) (quickselect with a median-of-three pivot) instead of a sort; reorders a[0..n). NaN for n = 0.
 */
export function selectMedian(a: Float64Array, n: number): number {
  if (n === 0) {
    return NaN;
  }
  const k = (n - 1) >> 1;
  const lower = select(a, n, k);
  if (n % 2) {
    return lower;
  }
  // After select, a[k + 1..n) holds the values >= a[k]: the next order statistic is their minimum.
  let upper = a[k + 1];
  for (let j = k + 2; j < n; j++) {
    if (a[j] < upper) {
      upper = a[j];
    }
  }
  return (lower + upper) / 2;
}

/** The k-th smallest of a[0..n), leaving a[0..k) <= a[k] <= a[k+1..n). */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot, moved to hi.
    if (a[mid] < a[lo]) {
      swap(a, mid, lo);
    }
    if (a[hi] < a[lo]) {
      swap(a, hi, lo);
    }
    if (a[mid] < a[hi]) {
      swap(a, mid, hi);
    }
    const pivot = a[hi];
    let store = lo;
    for (let j = lo; j < hi; j++) {
      if (a[j] < pivot) {
        swap(a, j, store++);
      }
    }
    swap(a, store, hi);
    if (store === k) {
      return a[k];
    }
    if (store < k) {
      lo = store + 1;
    } else {
      hi = store - 1;
    }
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const x = a[i];
  a[i] = a[j];
  a[j] = x;
}

/** Median of the first n values of an ascending array with the element at index j left out (n ≥ 2). */
function medianWithout(s: ArrayLike<number>, n: number, j: number): number {
  const h = (n - 1) >> 1;
  const upper = h < j ? s[h] : s[h + 1];
  if ((n - 1) % 2) {
    return upper;
  }
  const lower = h - 1 < j ? s[h - 1] : s[h];
  return (lower + upper) / 2;
}
