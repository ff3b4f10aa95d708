/**
 * What the forecast bench measures per method and horizon: the mean absolute scaled error (MASE, Hyndman & Koehler
 * 2006: the forecast's mean absolute error over the lead times, divided by the in-sample mean absolute error of the
 * one-season seasonal naive forecast) averaged over forecast cases, and, for methods with a band, its coverage: the
 * share of future points inside the band, pooled over cases.
 */

/** Nominal levels the coverage is reported at, as z-scores of a normal forecast error. */
export const LEVELS = [
  { name: '99.7 %', nominal: 0.9973, z: 3 },
  { name: '95 %', nominal: 0.95, z: 1.959964 },
  { name: '80 %', nominal: 0.8, z: 1.281552 },
] as const;

/** The z of the band a forecast comes with (3 for every method at its default here). */
export const BAND_Z = 3;

export interface Tally {
  cases: number;
  maseSum: number;
  points: number;
  /** Points inside the band at each of LEVELS. */
  inside: number[];
}

export function emptyTally(): Tally {
  return { cases: 0, maseSum: 0, points: 0, inside: LEVELS.map(() => 0) };
}

/** Mean absolute error of a forecast over the points (all finite). */
export function mae(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    sum += Math.abs(actual[i] - forecast[i]);
  }
  return sum / actual.length;
}

/**
 * Adds one forecast case: MASE = mae/scale, and when a band is given, which points lie inside it at each level. The
 * band at another level is the forecast's band scaled about the expected value: half-widths times z/BAND_Z (the
 * bands here are ±BAND_Z standard deviations of a normal forecast error).
 */
export function addCase(
  tally: Tally,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  scale: number,
  band?: { lower: ArrayLike<number>; upper: ArrayLike<number> }
): void {
  tally.cases++;
  tally.maseSum += mae(actual, expected) / scale;
  if (!band) {
    return;
  }
  for (let i = 0; i < actual.length; i++) {
    tally.points++;
    LEVELS.forEach((level, k) => {
      const f = level.z / BAND_Z;
      const lo = expected[i] - (expected[i] - band.lower[i]) * f;
      const hi = expected[i] + (band.upper[i] - expected[i]) * f;
      if (actual[i] >= lo && actual[i] <= hi) {
        tally.inside[k]++;
      }
    });
  }
}

export function meanMase(t: Tally): number {
  return t.cases > 0 ? t.maseSum / t.cases : NaN;
}

export function coverage(t: Tally, level: number): number {
  return t.points > 0 ? t.inside[level] / t.points : NaN;
}
