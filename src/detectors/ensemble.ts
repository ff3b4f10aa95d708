import { DetectorDefinition } from './detector';
import { DetectorError } from './errors';
import { ewma } from './ewma';
import { mad } from './mad';
import { commonParams, resolveParams } from './params';
import { emptyResult, SCORE_CAP, scoreAgainstBand } from './result';
import { seasonal } from './seasonal';
import { DetectionResult, Params, Series } from './types';
import { zscore } from './zscore';

/**
 * `ensemble`: several detectors' scores combined, then calibrated against their own history (the default).
 *
 * 1. Components run on the series with sensitivity 1, so each one's score is its plain normalised deviation
 *    |x − e_c| / s_c: `zscore` and `mad` over `window` points, `ewma` with half-life window/4, and `seasonal`
 *    over the last 4 seasons when `period` > 0. Components whose spread is 0 at a point (a flat window) sit out
 *    that point unless all do.
 * 2. Combined raw score r_i = mean of the component scores = f(x_i), with f(x) = (1/C)·Σ|x − e_c|/s_c.
 * 3. Calibration, after Numenta's anomaly likelihood: a_i = mean of the last `shortWindow` raw scores;
 *    μ, σ = mean and standard deviation of the previous `longWindow` a-values (σ floored at 0.1 so a perfectly
 *    steady history does not make every wiggle infinitely unlikely). z_i = (a_i − μ)/σ; the point is anomalous
 *    when z_i > sensitivity (sensitivity 3.5 ≈ a tail probability of 2.3e-4). a-values enter the history
 *    clipped at μ + max(sensitivity, 3)·σ, so an anomaly does not widen the history later points are judged by.
 *    shortWindow defaults to 1 (each point judged on its own score, no echo after a spike); larger values smooth
 *    noisy scores at the price of flagging the points after a spike too.
 * 4. The band is that rule written in the value's units: the raw score a point would need is
 *    r* = shortWindow·(μ + sensitivity·σ) − (sum of the previous shortWindow − 1 raw scores), and lower/upper are
 *    the two solutions of f(x) = r* (f is convex and piecewise linear). expected is the minimiser of f (the
 *    median of the component expectations weighted by 1/s_c). So the score (via the band) exceeds 1 exactly when
 *    z_i > sensitivity. When r* ≤ f(expected) (the recent past is already anomalous) the band closes on expected.
 *
 * Warm-up: the longest component warm-up (seasonal counts only when present: until it is warm the other
 * components carry the point), plus shortWindow − 1 points, plus 10 a-values of history.
 * Cost: the components' costs (O(n·log window)) plus O(C log C) per point for the band; O(longWindow) memory.
 * The loop is hand-written (running sums over ring buffers); simple-statistics has no sliding windows.
 *
 * @example
 * const t = Array.from({ length: 80 }, (_, i) => i * 60000);
 * const v = t.map((_, i) => 10 + (i % 2 ? 0.5 : -0.5) + (i === 70 ? 8 : 0));
 * const [r] = runDetector('ensemble', [{ t, v }], { window: 20, shortWindow: 1, longWindow: 40 });
 * // r.warmup → 30
 * // at 70 (the spike): r.expected → 10.0000, r.upper → 10.7262, r.score → 10.3278, r.anomaly → 1
 * // at 69: r.score → 0.7136, r.anomaly → 0
 * // (the same numbers as ExampleEnsemble in pkg/detectors and the doc_example vector case)
 */
export const ensemble: DetectorDefinition = {
  id: 'ensemble',
  name: 'Ensemble (calibrated)',
  description: 'Z-score, MAD, EWMA and seasonal scores combined and calibrated against their own history.',
  multivariate: false,
  params: [
    {
      name: 'window',
      type: 'int',
      default: 60,
      min: 4,
      max: 100000,
      description: 'Points the z-score and MAD components look back over (EWMA uses a quarter as half-life).',
    },
    {
      name: 'period',
      type: 'int',
      default: 0,
      min: 0,
      max: 2678400,
      description: 'Season length in seconds for the seasonal component (86400 = daily, at least 60); 0 = none.',
    },
    {
      name: 'shortWindow',
      type: 'int',
      default: 1,
      min: 1,
      max: 1000,
      description: 'Points the combined score is averaged over before calibration (higher = steadier, slower).',
    },
    {
      name: 'longWindow',
      type: 'int',
      default: 500,
      min: 10,
      max: 100000,
      description: 'Points of score history the calibration compares against.',
    },
    ...commonParams({
      default: 3.5,
      description:
        'Calibrated threshold: how many standard deviations the recent average score must rise above its usual level.',
    }),
  ],
  validate: (p) => {
    const period = p.period as number;
    if (period > 0 && period < MIN_PERIOD_S) {
      throw new DetectorError(
        'invalid_param',
        `ensemble: parameter "period" must be 0 (no season) or at least ${MIN_PERIOD_S} seconds, got ${period}`
      );
    }
  },
  warmup: (p) => ensembleWarmup(p),
  detect: detectEnsemble,
};

/** Minimum calibration history (a-values) before the first output. */
const MIN_HISTORY = 10;
/** Floor of the calibration σ, in score units. */
const MIN_SIGMA = 0.1;
/** a-values enter the history clipped at μ + max(sensitivity, 3)·σ. */
const MIN_CLIP = 3;
const SEASONS = 4;
/** The seasonal detector's shortest period, in seconds. */
export const MIN_PERIOD_S = 60;

interface Component {
  def: DetectorDefinition;
  params: Params;
}

function components(p: Params): Component[] {
  const window = p.window as number;
  const base = { sensitivity: 1, direction: 'both', minConsecutive: 1 };
  const list: Component[] = [
    { def: zscore, params: resolveParams('zscore', zscore.params, { ...base, window }) },
    { def: mad, params: resolveParams('mad', mad.params, { ...base, window }) },
    { def: ewma, params: resolveParams('ewma', ewma.params, { ...base, halfLife: Math.max(1, window / 4) }) },
  ];
  const period = p.period as number;
  if (period > 0) {
    list.push({
      def: seasonal,
      params: resolveParams('seasonal', seasonal.params, { ...base, period, seasons: SEASONS }),
    });
  }
  return list;
}

function ensembleWarmup(p: Params): number {
  // Seasonal is excluded: until it is warm the other components carry the score.
  const warm = Math.max(
    ...components(p)
      .filter((c) => c.def !== seasonal)
      .map((c) => c.def.warmup(c.params))
  );
  return warm + (p.shortWindow as number) - 1 + MIN_HISTORY;
}

function detectEnsemble(series: Series, p: Params): DetectionResult {
  const v = series.v;
  const n = v.length;
  const k = p.sensitivity as number;
  const short = p.shortWindow as number;
  const long = p.longWindow as number;
  const clip = Math.max(k, MIN_CLIP);
  const parts = components(p).map((c) => c.def.detect!(series, c.params));
  const C = parts.length;
  const r = emptyResult(n, ensembleWarmup(p));

  // Scratch for one point's components: expectations and weights (1/spread), sorted by expectation.
  const es = new Float64Array(C);
  const ws = new Float64Array(C);
  const rawRing = new Float64Array(short); // last `short` raw scores
  const aRing = new Float64Array(long); // previous a-values
  let rawHead = 0;
  let rawCount = 0;
  let rawSum = 0;
  let aHead = 0;
  let aCount = 0;
  let aSum = 0;
  let aSumSq = 0;

  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    // Gather the components that have a band here, sorted by expectation (insertion sort: C <= 4).
    let m = 0;
    let flatSum = 0;
    let flatCount = 0;
    for (let c = 0; c < C; c++) {
      const e = parts[c].expected[i];
      if (Number.isNaN(e)) {
        continue;
      }
      const s = parts[c].upper[i] - e;
      if (!(s > 0)) {
        flatSum += e;
        flatCount++;
        continue;
      }
      let j = m++;
      while (j > 0 && es[j - 1] > e) {
        es[j] = es[j - 1];
        ws[j] = ws[j - 1];
        j--;
      }
      es[j] = e;
      ws[j] = 1 / s;
    }
    if (m === 0 && flatCount === 0) {
      continue; // no component is warm yet
    }
    let expected: number;
    let raw: number;
    if (m === 0) {
      // Every component is flat here (a constant window): a zero-width band at their common expectation.
      expected = flatSum / flatCount;
      raw = x === expected ? 0 : SCORE_CAP;
    } else {
      expected = weightedMedian(es, ws, m);
      raw = convexScore(x, es, ws, m);
    }

    // Calibration state before this point: previous short-1 raws and the a-value history.
    const prevShortSum = rawCount === short ? rawSum - rawRing[rawHead] : rawSum;
    const warm = aCount >= MIN_HISTORY;
    let mu = 0;
    let sigma = 0;
    if (warm) {
      mu = aSum / aCount;
      sigma = Math.max(MIN_SIGMA, Math.sqrt(Math.max(0, aSumSq / aCount - mu * mu)));
    }
    if (warm && Math.min(rawCount, short - 1) === short - 1) {
      const need = short * (mu + k * sigma) - prevShortSum;
      r.expected[i] = expected;
      if (m === 0 || need <= convexScore(expected, es, ws, m)) {
        r.lower[i] = expected;
        r.upper[i] = expected;
      } else {
        r.lower[i] = solveBelow(expected, need, es, ws, m);
        r.upper[i] = solveAbove(expected, need, es, ws, m);
      }
    }

    // Push this point's raw score and, once the short window is full, its a-value, clipped so anomalies do not
    // widen the history they are judged against.
    if (rawCount === short) {
      rawSum -= rawRing[rawHead];
    } else {
      rawCount++;
    }
    rawRing[rawHead] = raw;
    rawHead = rawHead + 1 === short ? 0 : rawHead + 1;
    rawSum += raw;
    if (rawCount === short) {
      const a = warm ? Math.min(rawSum / short, mu + clip * sigma) : rawSum / short;
      if (aCount === long) {
        const old = aRing[aHead];
        aSum -= old;
        aSumSq -= old * old;
      } else {
        aCount++;
      }
      aRing[aHead] = a;
      aHead = aHead + 1 === long ? 0 : aHead + 1;
      aSum += a;
      aSumSq += a * a;
    }
  }
  return scoreAgainstBand(v, r, p);
}

/** f(x) = mean over components of |x − e_c|·w_c. */
function convexScore(x: number, es: Float64Array, ws: Float64Array, m: number): number {
  let sum = 0;
  for (let c = 0; c < m; c++) {
    sum += Math.abs(x - es[c]) * ws[c];
  }
  return sum / m;
}

/** The minimiser of f: the weighted median of the sorted expectations (the lower one on an exact tie). */
function weightedMedian(es: Float64Array, ws: Float64Array, m: number): number {
  let total = 0;
  for (let c = 0; c < m; c++) {
    total += ws[c];
  }
  let acc = 0;
  for (let c = 0; c < m; c++) {
    acc += ws[c];
    if (2 * acc >= total) {
      return es[c];
    }
  }
  return es[m - 1];
}

/** The x > from where f(x) = need; f grows piecewise linearly with slope (Σ w left − Σ w right)/m. */
function solveAbove(from: number, need: number, es: Float64Array, ws: Float64Array, m: number): number {
  let x = from;
  let fx = convexScore(x, es, ws, m);
  for (let c = 0; c <= m; c++) {
    if (c < m && es[c] <= x) {
      continue;
    }
    let slope = 0;
    for (let d = 0; d < m; d++) {
      slope += es[d] <= x ? ws[d] : -ws[d];
    }
    slope /= m;
    const next = c < m ? es[c] : Infinity;
    const fNext = c < m ? convexScore(next, es, ws, m) : Infinity;
    if (fNext >= need) {
      return x + (need - fx) / slope;
    }
    x = next;
    fx = fNext;
  }
  return x;
}

/** The x < from where f(x) = need (mirror of solveAbove). */
function solveBelow(from: number, need: number, es: Float64Array, ws: Float64Array, m: number): number {
  let x = from;
  let fx = convexScore(x, es, ws, m);
  for (let c = m - 1; c >= -1; c--) {
    if (c >= 0 && es[c] >= x) {
      continue;
    }
    let slope = 0;
    for (let d = 0; d < m; d++) {
      slope += es[d] >= x ? ws[d] : -ws[d];
    }
    slope /= m;
    const next = c >= 0 ? es[c] : -Infinity;
    const fNext = c >= 0 ? convexScore(next, es, ws, m) : Infinity;
    if (fNext >= need) {
      return x - (need - fx) / slope;
    }
    x = next;
    fx = fNext;
  }
  return x;
}
