import { ewmaBand } from './ewma';
import { Resolution } from './resolution';
import { ComponentBand, SeasonalBand, seasonalProfile } from './seasonal_profile';
import { StepEstimate } from './step';
import { Series } from './types';
import { CLIP_SPREADS, zscoreBand } from './zscore';

/** One component of the ensemble: its expected value and spread per point, and its weight in the mean. */
export interface Part extends ComponentBand {
  weight: number;
}

/** How many times the change component counts in the combined score (see ensemble.ts). */
export const CHANGE_WEIGHT = 1.5;
/** A change is between samples at most this many steps apart (a missing point or two); after a longer gap the
 * previous value is not recent, so it predicts nothing and the difference is not a change. */
export const CHANGE_MAX_GAP = 3;

function fromBand(r: { expected: Float64Array; upper: Float64Array }, weight: number): Part {
  const spread = new Float64Array(r.expected.length);
  for (let i = 0; i < spread.length; i++) {
    spread[i] = r.upper[i] - r.expected[i];
  }
  return { expected: r.expected, spread, weight };
}

/**
 * The level components: zscore over `window` steps and ewma with half-life window/4 (their bands at k = 1), each
 * taking part after `quick` steps of data (an expanding window until the full one).
 */
export function levelParts(series: Series, window: number, quick: number): Part[] {
  return [
    fromBand(zscoreBand(series, window, 1, quick), 1),
    fromBand(ewmaBand(series, Math.max(1, window / 4), 1, quick), 1),
  ];
}

/**
 * The seasonal component (seasonal_profile.ts), and the profile's mean and variance over its phases apart: every
 * part keeps the same shape, so the combination's loop over the parts stays monomorphic.
 */
export function seasonalPart(
  series: Series,
  periodMs: number,
  timezone: string
): { part: Part; mean: Float64Array; swing: Float64Array } {
  const band: SeasonalBand = seasonalProfile(series, periodMs, timezone);
  return { part: { expected: band.expected, spread: band.spread, weight: 1 }, mean: band.mean, swing: band.swing };
}

/**
 * The change component: the next value is the previous one plus the usual change. Over the changes
 * d_j = x_j − x_(j−1) of the last `window` steps of time (at most `window` of them; step.ts):
 *   expected_i = x_(i−1) + mean(d),  spread_i = max(std(d), floor(x_(i−1)))   (resolution.ts: the floor is on the
 *   values' scale, so float noise around a constant is not a change)
 * (x_(i−1) is the previous value as the component kept it, below). It follows a daily cycle that the level
 * components take into their spread. Robust update: a change enters the window clipped to mean ± 3 spreads, and
 * after a lone jump beyond that the next point is predicted from the clipped value (x_(i−1) + the clipped change),
 * so neither the window nor the prediction of the point after a spike carries the spike; a second jump on the
 * same side confirms a new level and is taken as it is. A change is between samples at most 3 steps apart
 * (CHANGE_MAX_GAP): after a longer gap the previous value is no longer recent and the point starts afresh. A band
 * once the window holds max(2, ceil(quick/2))
 * changes and the series has been seen for `quick` steps (an expanding window until `window`).
 */
export function changePart(series: Series, window: number, quick = window): Part {
  const { t, v } = series;
  const n = v.length;
  const expected = new Float64Array(n).fill(NaN);
  const spread = new Float64Array(n).fill(NaN);
  const ringT = new Float64Array(window);
  const ringD = new Float64Array(window);
  const minCount = Math.max(2, Math.ceil(Math.min(window, quick) / 2));
  const steps = new StepEstimate();
  const res = new Resolution();
  let head = 0;
  let count = 0;
  let sum = 0;
  let sumSq = 0;
  let last = NaN; // the value the next point is predicted from
  let lastT = NaN;
  let lastSide = 0;
  let first = NaN;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    const step = steps.add(t[i]);
    const span = window * step;
    if (Number.isNaN(last)) {
      last = x;
      lastT = t[i];
      first = t[i];
      res.add(x);
      continue;
    }
    while (count > 0 && ringT[head] < t[i] - span) {
      sum -= ringD[head];
      sumSq -= ringD[head] * ringD[head];
      head = head + 1 === window ? 0 : head + 1;
      count--;
    }
    let d = x - last;
    let next = x;
    let side = 0;
    if (t[i] - lastT > CHANGE_MAX_GAP * step) {
      last = x; // not a change: start afresh from this point
      lastT = t[i];
      lastSide = 0;
      res.add(x);
      continue;
    }
    if (count >= minCount && t[i] - first >= quick * step) {
      const mean = sum / count;
      const sd = Math.sqrt(Math.max(0, (sumSq - sum * mean) / (count - 1)));
      const floor = res.floor(last);
      const s = sd > floor ? sd : floor;
      expected[i] = last + mean;
      spread[i] = s;
      const c = CLIP_SPREADS * s;
      side = d > mean + c ? 1 : d < mean - c ? -1 : 0;
      d = d < mean - c ? mean - c : d > mean + c ? mean + c : d;
      if (side !== 0 && side !== lastSide) {
        next = last + d; // a lone jump: the next point is predicted from where a normal change would have led
      }
    }
    lastSide = side;
    if (count === window) {
      sum -= ringD[head];
      sumSq -= ringD[head] * ringD[head];
      head = head + 1 === window ? 0 : head + 1;
      count--;
    }
    const tail = (head + count) % window;
    ringT[tail] = t[i];
    ringD[tail] = d;
    count++;
    sum += d;
    sumSq += d * d;
    last = next;
    lastT = t[i];
    res.add(x);
  }
  return { expected, spread, weight: CHANGE_WEIGHT };
}
