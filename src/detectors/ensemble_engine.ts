import { FlaggedScores, TimedMax } from './ensemble_history';
import { changePart, levelParts, Part, seasonalPart } from './ensemble_parts';
import { writeBand } from './ensemble_band';
import { Sustained } from './ensemble_sustained';
import { Resolution } from './resolution';
import { emptyResult } from './result';
import { StepEstimate } from './step';
import { DetectionResult, Series } from './types';

/**
 * The lowest threshold of the combined score: a point must be at least 3.55 spreads off in the precision-weighted
 * root mean square of the components, however calm its history (BENCHMARKS.md).
 */
export const MIN_THRESHOLD = 3.55;
/**
 * Seasons the score history covers at least when there is a season: a daily pattern (a drop at 19:00) is then in
 * the history three times, so one day's chance of being a little larger is not a new record (kind 4); the tenth
 * makes sure the same time three seasons ago is inside.
 */
export const HISTORY_SEASONS = 3.1;

/** What the engine runs with: the ensemble's parameters resolved to numbers, and auto's extras. */
export interface EngineSettings {
  /** Steps the level components look back over. */
  window: number;
  /** Steps of changes the change component keeps. */
  changeWindow: number;
  /** Steps of score history (at least HISTORY_SEASONS seasons when there is a season). */
  longWindow: number;
  /** Season length in ms (0 = none) and the time zone of its phases. */
  periodMs: number;
  timezone: string;
  /** Index from which the seasonal component takes part (auto: after the points its season was found in). */
  seasonFrom: number;
  /** Steps of data the level and change components need before they take part. */
  quickSteps: number;
  /** Scores of history needed before the first output. */
  minHistory: number;
  adaptMs: number;
  sensitivity: number;
  /** Deviations count on one side only (direction up or down): the band keeps a flagged point on its side. */
  sided: boolean;
}

/**
 * Runs the ensemble (ensemble.ts has the definition): the components, their combination, the calibration of the
 * combined score against its own history, and the lasting-deviation layer. Writes expected/lower/upper; the
 * caller scores the points against that band. Causal: every step uses points 0..i only.
 */
export function runEnsemble(series: Series, o: EngineSettings): DetectionResult {
  const { t, v } = series;
  const n = v.length;
  const parts: Part[] = [
    ...levelParts(series, o.window, o.quickSteps),
    changePart(series, o.changeWindow, o.quickSteps),
  ];
  const season = o.periodMs > 0 ? seasonalPart(series, o.periodMs, o.timezone) : undefined;
  const seasonal = season?.part;
  if (seasonal) {
    seasonal.expected.fill(NaN, 0, Math.min(o.seasonFrom, n));
    parts.push(seasonal);
  }
  const C = parts.length;
  const r = emptyResult(n, o.quickSteps + o.minHistory);
  const es = new Float64Array(C);
  const ws = new Float64Array(C);
  const steps = new StepEstimate();
  const res = new Resolution();
  const history = new TimedMax();
  const flagged = new FlaggedScores();
  let sustained = new Sustained(o.adaptMs, o.sensitivity);
  let historyStart = NaN;
  let reference: Part | undefined;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    const step = steps.add(t[i]);
    // The components with a band here, each with its precision weight W_c = (u_c/s_c)².
    let m = 0;
    let sumW = 0;
    let sumWE = 0;
    for (let c = 0; c < C; c++) {
      const e = parts[c].expected[i];
      const s = parts[c].spread[i];
      if (Number.isNaN(e) || !(s > 0)) {
        continue;
      }
      const w = parts[c].weight / s;
      es[m] = e;
      ws[m] = w * w;
      sumW += ws[m];
      sumWE += ws[m] * e;
      m++;
    }
    if (m === 0) {
      res.add(x);
      continue;
    }
    // Combined: expected = Σ W e / Σ W (the precision-weighted mean), raw = sqrt(Σ W (x − e)² / m).
    const expected = sumWE / sumW;
    let sq = 0;
    let spreadSq = 0;
    for (let c = 0; c < m; c++) {
      sq += ws[c] * (x - es[c]) * (x - es[c]);
      spreadSq += ws[c] * (es[c] - expected) * (es[c] - expected);
    }
    const raw = Math.sqrt(sq / m);
    const atExpected = spreadSq / m; // raw² at x = expected (the components disagree)

    // Calibration against the score's own history ("a new record"), over longWindow steps and at least a season.
    const span = Math.max(o.longWindow * step, HISTORY_SEASONS * o.periodMs);
    const cutoff = t[i] - span;
    history.evictBefore(cutoff);
    flagged.evictBefore(cutoff);
    if (Number.isNaN(historyStart)) {
      historyStart = t[i];
    }
    const covered = (t[i] - historyStart) / step;
    const full = span / step;
    const grow = covered < full ? Math.sqrt(Math.log(Math.max(2, full)) / Math.log(Math.max(2, covered))) : 1;
    const record = Math.max(history.max(), flagged.second()) * grow;
    const warm = history.pushed >= o.minHistory;
    const threshold = Math.max(o.sensitivity * record, MIN_THRESHOLD);
    const pointAnomaly = warm && raw > threshold;

    // The lasting-deviation layer, against the seasonal component from where it takes part, else the EWMA level.
    const ref = seasonal && i >= o.seasonFrom ? seasonal : parts[1];
    if (ref !== reference) {
      if (reference) {
        sustained = new Sustained(o.adaptMs, o.sensitivity); // the reference changes: its statistics start afresh
      }
      reference = ref;
    }
    const held =
      warm &&
      sustained.step(
        t[i],
        x,
        ref.expected[i],
        ref.spread[i],
        pointAnomaly,
        res.floor(x),
        step,
        cutoff,
        grow,
        ref !== seasonal,
        season && ref === seasonal ? season.mean[i] : NaN,
        season && ref === seasonal ? season.swing[i] : NaN
      );

    if (warm) {
      // The band (ensemble_band.ts): the combined one, the x where raw(x) = threshold,
      // raw² = atExpected + (Σ W/m)(x − expected)²; at flagged points the baseline's.
      const half = Math.sqrt((Math.max(0, threshold * threshold - atExpected) * m) / sumW);
      const baseE = Number.isNaN(ref.expected[i]) || !(ref.spread[i] > 0) ? NaN : sustained.expected;
      writeBand(
        r,
        i,
        x,
        pointAnomaly,
        held,
        baseE,
        sustained.spread,
        expected,
        half,
        Math.sqrt(m / sumW),
        raw / threshold,
        o.sensitivity,
        o.sided
      );
    }
    if (warm && pointAnomaly) {
      flagged.push(t[i], Math.min(raw, threshold));
    } else {
      history.push(t[i], raw);
    }
    res.add(x);
  }
  return r;
}
