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
