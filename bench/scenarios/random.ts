import { Mulberry32 } from '../../src/detectors/mulberry32';

/** Seeded draws for the scenario generator: the same seed gives the same numbers on every machine. */
export class Rng {
  private readonly gen: Mulberry32;
  private spare = NaN;

  constructor(seed: number) {
    this.gen = new Mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.gen.uniform();
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer uniform in [lo, hi] (both included). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /** +1 or -1 with equal odds. */
  sign(): number {
    return this.uniform() < 0.5 ? -1 : 1;
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    const u = 1 - this.uniform(); // (0, 1]: log(u) is finite
    const r = Math.sqrt(-2 * Math.log(u));
    const a = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(a);
    return r * Math.cos(a);
  }
}

/** A seed for the i-th item derived from a base seed, so items do not share streams. */
export function deriveSeed(base: number, i: number): number {
  let h = (base ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
