import { DetectorDefinition } from './detector';
import { DetectorError } from './errors';
import { ewma, ewmaBand } from './ewma';
import { commonParams, resolveParams } from './params';
import { emptyResult, SCORE_CAP, scoreAgainstBand } from './result';
import { seasonal, seasonalBand } from './seasonal';
import { DetectionResult, Params, Series } from './types';
import { zscore, zscoreBand } from './zscore';

/**
 * `ensemble`: several detectors' scores combined, then calibrated against their own history (the default).
 *
 * 1. Components run on the series with sensitivity 1, so each one's score is its plain normalised deviation
 *    |x − e_c| / s_c: `zscore` over `window` points, `ewma` with half-life window/4, a change component, and
 *    `seasonal` (the same phase over the last 8 seasons, spread pooled over ±2 neighbouring phases) when
 *    `period` > 0. The change component is `zscore` over the last `changeWindow` point-to-point changes
 *    d_i = x_i − (the previous valid value): e = previous value + mean change, s = standard deviation of the
 *    changes. It follows a daily cycle that the window components take into their spread (a 6σ spike on a
 *    large cycle hides inside their band) and it is not warm before changeWindow points; its long window keeps
 *    bursty series' ordinary jumps inside its spread. Components whose spread is 0 at a point (a flat window)
 *    sit out that point unless all do. (No `mad` component: its spread is 0 whenever half a window repeats one
 *    value, common for gauges and counters, and on the NAB benchmark it cost more false alarms than it found
 *    anomalies.)
 * 2. Combined raw score r_i = f(x_i), with f(x) = (1/C)·Σ u_c·|x − e_c|/s_c over the C components present at
 *    the point: the mean of the component scores, with the change component counted u = 1.5 times (the others
 *    u = 1). So the unit of the score and of the threshold below is "spreads off, on average over components".
 * 3. Calibration against the score's own history ("a new record"): a_i = mean of the last `shortWindow` raw
 *    scores; M = the largest of the previous `longWindow` a-values; the threshold is T = max(sensitivity·M, 3.55).
 *    The point is anomalous when a_i > T: clearly more unusual than anything in the recent past, and at least
 *    3.55 spreads off on average. This adapts to each series' own tail (a spiky series needs a bigger spike),
 *    which a mean ± k·σ rule on the scores does not: scores are heavy-tailed, so such a rule fires on every
 *    ordinary burst of a spiky series (it scored 0 on NAB). a-values enter the history clipped at T, so an
 *    anomaly raises the bar for the points after it only by the factor `sensitivity` (a long incident is flagged
 *    at its start and again only if it gets worse) and does not hide the next anomaly for longWindow points.
 *    shortWindow defaults to 1 (each point judged on its own score, no echo after a spike).
 * 4. The band is that rule written in the value's units: the raw score a point would need is
 *    r* = shortWindow·T − (sum of the previous shortWindow − 1 raw scores), and lower/upper are the two
 *    solutions of f(x) = r* (f is convex and piecewise linear). expected is the minimiser of f (the median of the
 *    component expectations weighted by u_c/s_c). So the score (via the band) exceeds 1 exactly when a_i > T.
 *    When r* ≤ f(expected) (the recent past is already anomalous) the band closes on expected.
 *
 * Defaults and components were chosen on the NAB benchmark (bench/nab) and the scenario suite (bench/scenarios;
 * both in BENCHMARKS.md), with one parameter set for each whole corpus and no labels reaching the detector.
 *
 * Warm-up: the longest component warm-up (seasonal and change components excluded: until they are warm the
 * others carry the point), plus shortWindow − 1 points, plus `minHistory` a-values of history (the largest of
 * fewer scores says little; `auto` asks for more in its quick one-hour ensemble).
 * Cost: the components' costs (O(n·log window)) plus O(C log C) per point for the band and amortised O(1) for the
 * history maximum (a monotonic queue); O(longWindow) memory. The loop is hand-written (ring buffers, the queue):
 * simple-statistics has no sliding windows.
 *
 * @example
 * const t = Array.from({ length: 80 }, (_, i) => i * 60000);
 * const v = t.map((_, i) => 10 + (i % 2 ? 0.5 : -0.5) + (i === 70 ? 8 : 0));
 * const [r] = runDetector('ensemble', [{ t, v }], { window: 20, shortWindow: 1, longWindow: 40 });
 * // r.warmup → 50
 * // at 70 (the spike): r.expected → 10.0000, r.upper → 11.8454, r.score → 4.0641, r.anomaly → 1
 * // at 69: r.score → 0.2761, r.anomaly → 0
 * // (the same numbers as ExampleEnsemble in pkg/detectors and the doc_example vector case)
 */
export const ensemble: DetectorDefinition = {
  id: 'ensemble',
  name: 'Ensemble (calibrated)',
  description:
    'Z-score, EWMA, change and seasonal scores combined; flags points clearly more unusual than the recent past.',
  multivariate: false,
  params: [
    {
      name: 'window',
      type: 'int',
      default: 360,
      min: 4,
      max: 100000,
      description: 'Points the z-score component looks back over (EWMA uses a quarter as half-life).',
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
      default: 1000,
      min: 10,
      max: 100000,
      description: 'Points of score history whose largest score a point must beat.',
    },
    {
      name: 'changeWindow',
      type: 'int',
      default: 3000,
      min: 10,
      max: 100000,
      description: 'Past point-to-point changes the change component is scored against (it is off until then).',
    },
    {
      name: 'minHistory',
      type: 'int',
      default: 30,
      min: 1,
      max: 100000,
      description: 'Scores of history needed before the first output (after the components are warm).',
    },
    ...commonParams({
      default: 1.15,
      min: 1,
      description:
        'How far a score must beat the largest of the last longWindow scores (1.15 = by 15%); larger = fewer anomalies.',
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

/** The lowest threshold on the combined score: on average 3.55 spreads off, however calm the history
 * (3.55 rather than 3.5 since the change component: every NAB figure above the earlier default, BENCHMARKS.md). */
const MIN_THRESHOLD = 3.55;
const SEASONS = 8;
const SEASON_NEIGHBOURS = 2;
/** How many times the change component counts in the mean: once was too little to lift a 6σ spike on a daily
 * cycle over the threshold, twice cost NAB more false alarms (BENCHMARKS.md). */
const CHANGE_WEIGHT = 1.5;
/** The seasonal detector's shortest period, in seconds. */
export const MIN_PERIOD_S = 60;

interface Component {
  def: DetectorDefinition;
  params: Params;
  /** The component's band before scoring. */
  band: (s: Series) => DetectionResult;
}

function components(p: Params): Component[] {
  const window = p.window as number;
  const base = { sensitivity: 1, direction: 'both', minConsecutive: 1 };
  const halfLife = Math.max(1, window / 4);
  const list: Component[] = [
    {
      def: zscore,
      params: resolveParams('zscore', zscore.params, { ...base, window }),
      band: (s) => zscoreBand(s, window, 1),
    },
    {
      def: ewma,
      params: resolveParams('ewma', ewma.params, { ...base, halfLife }),
      band: (s) => ewmaBand(s, halfLife, 1),
    },
  ];
  const period = p.period as number;
  if (period > 0) {
    const params = resolveParams('seasonal', seasonal.params, {
      ...base,
      period,
      seasons: SEASONS,
      neighbours: SEASON_NEIGHBOURS,
    });
    list.push({ def: seasonal, params, band: (s) => seasonalBand(s, params) });
  }
  return list;
}

function ensembleWarmup(p: Params): number {
  // Seasonal and change components are excluded: until they are warm the other components carry the score.
  const warm = Math.max(
    ...components(p)
      .filter((c) => c.def !== seasonal)
      .map((c) => c.def.warmup(c.params))
  );
  return warm + (p.shortWindow as number) - 1 + (p.minHistory as number);
}

/** A component's expectation and spread (upper − expected) per point; NaN where it has no band. */
interface Part {
  expected: Float64Array;
  spread: Float64Array;
  weight: number;
}

function bandPart(r: DetectionResult): Part {
  const spread = new Float64Array(r.expected.length);
  for (let i = 0; i < spread.length; i++) {
    spread[i] = r.upper[i] - r.expected[i];
  }
  return { expected: r.expected, spread, weight: 1 };
}

/**
 * The change component: d_i = x_i − (previous valid value) scored by `zscore` over the last `window` changes,
 * written as a band around the previous value: e_i = previous + mean change, s_i = their standard deviation.
 */
function changePart(series: Series, window: number): Part {
  const v = series.v;
  const n = v.length;
  const previous = new Float64Array(n);
  const changes = new Float64Array(n);
  let last = NaN;
  for (let i = 0; i < n; i++) {
    previous[i] = last;
    changes[i] = v[i] - last; // NaN for the first valid point and for missing ones: zscore skips them
    if (!Number.isNaN(v[i])) {
      last = v[i];
    }
  }
  const params = resolveParams('zscore', zscore.params, {
    window,
    sensitivity: 1,
    direction: 'both',
    minConsecutive: 1,
  });
  const z = zscoreBand({ t: series.t, v: changes }, params.window as number, 1);
  const expected = new Float64Array(n);
  const spread = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    expected[i] = previous[i] + z.expected[i];
    spread[i] = z.upper[i] - z.expected[i];
  }
  return { expected, spread, weight: CHANGE_WEIGHT };
}

function detectEnsemble(series: Series, p: Params): DetectionResult {
  const v = series.v;
  const n = v.length;
  const k = p.sensitivity as number;
  const short = p.shortWindow as number;
  const long = p.longWindow as number;
  const parts = components(p).map((c) => bandPart(c.band(series)));
  parts.splice(2, 0, changePart(series, p.changeWindow as number)); // after zscore and ewma, before seasonal
  const C = parts.length;
  const minHistory = p.minHistory as number;
  const r = emptyResult(n, ensembleWarmup(p));

  // Scratch for one point's components: expectations and weights (u/spread), sorted by expectation.
  const es = new Float64Array(C);
  const ws = new Float64Array(C);
  const rawRing = new Float64Array(short); // last `short` raw scores
  const history = new SlidingMax(long); // previous a-values
  let rawHead = 0;
  let rawCount = 0;
  let rawSum = 0;

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
      const s = parts[c].spread[i];
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
      ws[j] = parts[c].weight / s;
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
    const warm = history.pushed >= minHistory;
    const threshold = warm ? Math.max(k * history.max(), MIN_THRESHOLD) : 0;
    if (warm && Math.min(rawCount, short - 1) === short - 1) {
      const need = short * threshold - prevShortSum;
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
      history.push(warm ? Math.min(rawSum / short, threshold) : rawSum / short);
    }
  }
  return scoreAgainstBand(v, r, p);
}

/**
 * The maximum of the last `size` pushed values in amortised O(1): a monotonic queue of positions whose values
 * decrease from front to back (a value that a later, larger one outlives can never be the maximum again).
 */
class SlidingMax {
  /** Values pushed so far (all of them, not only those still in the window). */
  pushed = 0;
  private readonly values: Float64Array; // ring: the value pushed at position p sits at p % size
  private readonly queue: Float64Array; // ring of positions, front = the current maximum
  private head = 0;
  private length = 0;

  constructor(private readonly size: number) {
    this.values = new Float64Array(size);
    this.queue = new Float64Array(size);
  }

  push(x: number): void {
    const p = this.pushed++;
    const size = this.size;
    if (this.length > 0 && this.queue[this.head] <= p - size) {
      this.head = this.head + 1 === size ? 0 : this.head + 1;
      this.length--;
    }
    while (this.length > 0 && this.values[this.queue[(this.head + this.length - 1) % size] % size] <= x) {
      this.length--;
    }
    this.values[p % size] = x;
    this.queue[(this.head + this.length) % size] = p;
    this.length++;
  }

  /** The largest of the last `size` values (−Infinity before the first push). */
  max(): number {
    return this.length > 0 ? this.values[this.queue[this.head] % this.size] : -Infinity;
  }
}

/** f(x) = mean over components of |x − e_c|·w_c (w_c = u_c/s_c). */
function convexScore(x: number, es: Float64Array, ws: Float64Array, m: number): number {
  let sum = 0;
  for (let c = 0; c < m; c++) {
    sum += Math.abs(x - es[c]) * ws[c];
  }
  return sum / m;
}

/** The minimiser of f: the w_c-weighted median of the sorted expectations (the lower one on an exact tie). */
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
