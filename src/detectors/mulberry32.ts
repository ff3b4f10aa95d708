/**
 * mulberry32 (Tommy Ettinger, public domain): a tiny 32-bit-state generator, spelled out identically in
 * pkg/detectors/mulberry32.go so randomised detectors draw the same numbers in the browser and the backend.
 * Math.imul and `>>> 0` keep every step in uint32 arithmetic, as Go's uint32 does by wrapping.
 */
export class Mulberry32 {
  private state: number;

  /** `seed` is taken modulo 2^32. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32-bit output, as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1): nextUint32() / 2^32 (exact in float64). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }
}
