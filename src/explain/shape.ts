import { linearRegression, median, medianAbsoluteDeviation, standardDeviation } from 'simple-statistics';
import { Shape } from './types';

/** Input of the shape rules: a series (with the detector's expected value when it has one) and an event's span. */
export interface ShapeInput {
  t: ArrayLike<number>;
  v: ArrayLike<number>;
  expected?: ArrayLike<number>;
  /** Index of the event's first, last and peak point in t/v. */
  startIndex: number;
  endIndex: number;
  peakIndex: number;
  /** Values at the same time one day / one week before the peak, when the data reaches that far. */
  seasonalReferences?: number[];
}

export interface ShapeResult {
  kind: Shape;
  reason: string;
  /** The level before the event (median of the pre-event window) and its robust spread. */
  baseline?: { level: number; spread: number; points: number };
}

/** Pre-event window: max(10, 3 × event points) valid values before the event, at most 120. */
const PRE_MIN = 10;
const PRE_MAX = 120;
/** Post-event window: max(10, event points) valid values after the event, at most 60. */
const POST_MIN = 10;
const POST_MAX = 60;
/** "Near the baseline" = within this many robust standard deviations of it. */
const NEAR = 3;
/** Points on each side of the event that the variance rule looks at too. */
const AROUND = 6;
/** "Recent level" = median of this many valid values just before the event. */
const RECENT = 6;
/** A level shift reaches at least this fraction of its final change within its first three points. */
const ABRUPT = 0.6;

/**
 * Decides the shape of a deviation from the data around the event. With P = the pre-event window, μ = median(P)
 * and σ = 1.4826 · MAD(P) (the standard deviation of P when the MAD is 0; 1e-9 · max(1, |μ|) when P is
 * constant), E = the event's valid values and Q = the post-event window, the rules are tried in order:
 *
 * 1. flat_line — E has at least 3 points, all equal, while P varied: the metric stopped changing.
 * 2. seasonal_break — with ℓ = median of the 6 values just before the event and ν = the robust spread of the
 *    residuals (value − expected) before it (σ without an expected value): the detector's expected value moved
 *    more than 3ν between the 6 points before the event and the peak, while the value moved less than half as
 *    far from ℓ; or (without an expected
 *    value) the peak is within 3ν of ℓ but every value at the same time yesterday / a week ago is more than 3ν
 *    from it. The usual daily or weekly pattern did not happen; the series kept its recent level.
 * 3. variance_change — in E and the 6 points on each side (C), at least 2 values are above μ + 3σ and at least 2
 *    below μ − 3σ, and the smaller of the largest swings up and down is at least a quarter of the larger: the
 *    series swings both ways rather than moving (such a change usually breaks into several short events, hence
 *    the surroundings).
 * 4. spike / dip — Q is back: its median within 3σ of μ, or (with an expected value) its median |value −
 *    expected| within 3ν while the expected value moved less than half the peak's deviation towards the peak
 *    (seasonal series). E has at most 3 points and Q is back or empty (the range ends), or E is longer and Q is
 *    back (a burst): spike or dip by the sign of peak − μ.
 * 5. level_shift / drift — the series did not come back. L = median(Q) (or of the last third of E when Q has
 *    fewer than 3 points), Δ = L − μ; head = median of E's first 3 points. If (head − μ) / Δ ≥ 0.6 the change
 *    was abrupt: level_shift; otherwise it built up gradually: drift (when a linear fit over E rises in the
 *    direction of Δ; a level_shift otherwise).
 * unknown — fewer than 5 valid points before the event.
 */
export function classifyShape(input: ShapeInput): ShapeResult {
  const { v, startIndex, endIndex, peakIndex } = input;
  const event = validIn(input, startIndex, endIndex + 1);
  const pre = lastValid(v, startIndex, Math.min(PRE_MAX, Math.max(PRE_MIN, 3 * event.values.length)));
  const post = firstValid(v, endIndex + 1, Math.min(POST_MAX, Math.max(POST_MIN, event.values.length)));
  if (pre.length < 5 || event.values.length === 0) {
    return {
      kind: 'unknown',
      reason: `only ${pre.length} point(s) before the event; the shape needs at least 5 (widen the time range)`,
    };
  }
  const mu = median(pre);
  let sigma = 1.4826 * medianAbsoluteDeviation(pre);
  if (sigma === 0) {
    sigma = standardDeviation(pre);
  }
  const constantBefore = sigma === 0;
  if (constantBefore) {
    sigma = 1e-9 * Math.max(1, Math.abs(mu));
  }
  const baseline = { level: mu, spread: constantBefore ? 0 : sigma, points: pre.length };
  const e = event.values;
  const n = e.length;
  const peak = v[peakIndex];
  const inSigmas = (x: number) => Math.abs(x - mu) / sigma;
  const fmt = (x: number) => String(Number(x.toPrecision(4)));
  const result = (kind: Shape, reason: string): ShapeResult => ({ kind, reason, baseline });

  // 1. flat-line
  const eMin = Math.min(...e);
  const eMax = Math.max(...e);
  if (n >= 3 && eMax - eMin <= 1e-9 * Math.max(1, Math.abs(median(e))) && !constantBefore) {
    return result(
      'flat_line',
      `the ${n} anomalous values were all ${fmt(e[0])} while before the event the series varied (median ${fmt(mu)}, spread ${fmt(sigma)})`
    );
  }

  // 2. seasonal break: the value kept its recent level while the usual pattern moved away
  const recent = lastValid(v, startIndex, RECENT);
  const local = recent.length ? median(recent) : mu;
  const moved = Math.abs(peak - local);
  const noise = residualSpread(input, sigma);
  const expectedAtPeak = input.expected ? input.expected[peakIndex] : NaN;
  const expectedBefore = input.expected
    ? finite(Array.from({ length: RECENT }, (_, k) => input.expected![startIndex - 1 - k]))
    : [];
  const pattern = expectedBefore.length ? Math.abs(expectedAtPeak - median(expectedBefore)) : NaN;
  if (Number.isFinite(pattern) && pattern > NEAR * noise && moved < pattern / 2) {
    return result(
      'seasonal_break',
      `the value stayed near its recent level (${fmt(peak)} vs ${fmt(local)}) while the expected value, which follows the usual pattern, moved to ${fmt(expectedAtPeak)}`
    );
  }
  const refs = finite(input.seasonalReferences ?? []);
  if (!input.expected && refs.length && moved <= NEAR * noise && refs.every((r) => Math.abs(r - peak) > NEAR * noise)) {
    return result(
      'seasonal_break',
      `the value ${fmt(peak)} is ordinary for the last points but far from the same time on earlier days (${refs.map(fmt).join(', ')})`
    );
  }

  // 3. variance change: the surroundings swing both ways by similar amounts (a variance change breaks into
  // many short events, hence the surroundings; a one-sided burst with a little noise below is not one)
  const around = validIn(input, startIndex - AROUND, endIndex + AROUND + 1).values;
  const above = around.filter((x) => x > mu + 3 * sigma);
  const below = around.filter((x) => x < mu - 3 * sigma);
  const reachUp = above.length ? Math.max(...above) - mu : 0;
  const reachDown = below.length ? mu - Math.min(...below) : 0;
  if (above.length >= 2 && below.length >= 2 && Math.min(reachUp, reachDown) >= 0.25 * Math.max(reachUp, reachDown)) {
    const spread = standardDeviation(around);
    return result(
      'variance_change',
      `around the event the values swung both ways (${above.length} above and ${below.length} below the usual range by up to ${fmt(reachUp)} and ${fmt(reachDown)}); their spread ${fmt(spread)} is ${fmt(spread / sigma)}× the spread before`
    );
  }

  // 4. spike / dip: short, or back to the baseline afterwards
  const up = peak >= mu;
  const rawBack = post.length > 0 ? inSigmas(median(post)) <= NEAR : undefined;
  const bandBack = backInBand(input, post.length, noise);
  const back = rawBack === undefined ? undefined : rawBack || bandBack;
  const spikeOrDip: Shape = up ? 'spike' : 'dip';
  if ((n <= 3 && back !== false) || back === true) {
    const after =
      back === undefined
        ? 'the range ends there'
        : rawBack
          ? `then back to within ${NEAR} spreads of the level before (${fmt(mu)})`
          : 'then back inside the band, which did not follow the deviation';
    const what =
      n <= 3
        ? `${n} point(s) ${up ? 'up' : 'down'} to ${fmt(peak)}`
        : `a burst of ${n} points ${up ? 'up' : 'down'} to ${fmt(peak)}`;
    return result(spikeOrDip, `${what}, ${after}`);
  }

  // 5. level shift or drift
  const tail = post.length >= 3 ? post : e.slice(Math.floor((2 * n) / 3));
  const level = median(tail);
  const delta = level - mu;
  const head = median(e.slice(0, Math.min(3, n)));
  const reached = delta === 0 ? 1 : (head - mu) / delta;
  const where = post.length >= 3 ? 'after the event' : 'at the end of the event';
  if (reached >= ABRUPT) {
    return result(
      'level_shift',
      `the level moved from ${fmt(mu)} to ${fmt(level)} ${where} (${fmt(inSigmas(level))} spreads), ${Math.round(Math.min(reached, 1) * 100)}% of it within the first points, and stayed`
    );
  }
  const times = event.indexes.map((i) => input.t[i]);
  const slope = n >= 2 ? linearRegression(times.map((t, i) => [t, e[i]])).m : 0;
  if (slope * delta > 0) {
    return result(
      'drift',
      `the value moved gradually from ${fmt(mu)} to ${fmt(level)} ${where}; only ${Math.max(0, Math.round(reached * 100))}% of the change happened in the first points`
    );
  }
  return result('level_shift', `the level moved from ${fmt(mu)} to ${fmt(level)} ${where} and did not come back`);
}

/**
 * After the event, are the values back where the detector expected them, without the expected value having
 * followed the deviation? (Seasonal series: the raw level moves with the season, the residuals do not.) True when
 * the median |value − expected| over the post window is within 3ν and the expected value moved less than half of
 * the peak's deviation towards the peak.
 */
function backInBand(input: ShapeInput, postCount: number, noise: number): boolean {
  const { expected, v, endIndex, startIndex, peakIndex } = input;
  if (!expected || postCount === 0) {
    return false;
  }
  const residuals: number[] = [];
  const after: number[] = [];
  for (let i = endIndex + 1; i < v.length && after.length < postCount; i++) {
    if (Number.isFinite(v[i]) && Number.isFinite(expected[i])) {
      residuals.push(Math.abs(v[i] - expected[i]));
      after.push(expected[i]);
    }
  }
  const before = finite(Array.from({ length: RECENT }, (_, k) => expected[startIndex - 1 - k]));
  if (!residuals.length || !before.length) {
    return false;
  }
  const from = median(before);
  const deviation = v[peakIndex] - from;
  const followed = deviation === 0 ? 0 : (median(after) - from) / deviation;
  return median(residuals) <= NEAR * noise && followed < 0.5;
}

/** 1.4826 · MAD of value − expected over the pre-event window; `fallback` without (enough) expected values. */
function residualSpread(input: ShapeInput, fallback: number): number {
  if (!input.expected) {
    return fallback;
  }
  const residuals: number[] = [];
  for (let i = input.startIndex - 1; i >= 0 && residuals.length < PRE_MAX; i--) {
    const r = input.v[i] - input.expected[i];
    if (Number.isFinite(r)) {
      residuals.push(r);
    }
  }
  const spread = residuals.length >= 5 ? 1.4826 * medianAbsoluteDeviation(residuals) : 0;
  return spread > 0 ? spread : fallback;
}

function validIn(input: ShapeInput, from: number, to: number) {
  const values: number[] = [];
  const indexes: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, input.v.length); i++) {
    if (!Number.isNaN(input.v[i])) {
      values.push(input.v[i]);
      indexes.push(i);
    }
  }
  return { values, indexes };
}

function lastValid(v: ArrayLike<number>, before: number, count: number): number[] {
  const out: number[] = [];
  for (let i = Math.min(before, v.length) - 1; i >= 0 && out.length < count; i--) {
    if (!Number.isNaN(v[i])) {
      out.push(v[i]);
    }
  }
  return out.reverse();
}

function firstValid(v: ArrayLike<number>, from: number, count: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < v.length && out.length < count; i++) {
    if (!Number.isNaN(v[i])) {
      out.push(v[i]);
    }
  }
  return out;
}

function finite(xs: number[]): number[] {
  return xs.filter((x) => Number.isFinite(x));
}
