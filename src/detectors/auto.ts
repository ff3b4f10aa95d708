import { DetectorDefinition } from './detector';
import { ensemble } from './ensemble';
import { commonParams, resolveParams } from './params';
import { detectSeason, SEASON_MIN_POINTS } from './season';
import { DetectionResult, Params, Series } from './types';

/**
 * `auto`: what a user gets without choosing. Runs `ensemble` with parameters picked from the series itself,
 * causally:
 *
 * - window = the points in two days at the step of the first two valid points, clamped to [120, 720] (5-minute
 *   data: 576 points; 1-minute or finer: 720; hourly: 120). Long windows keep a daily swing or a burst inside the
 *   spread the score is normalised by (on NAB, the ensemble with 30 points scored 13 below 576). Until that
 *   window is warm (its ensemble's warm-up, counted in valid points), a quick ensemble with `quickWindow` = one
 *   hour of points, clamped to [30, 720], fills in, so a short panel still gets a band. The quick ensemble waits
 *   for 80 scores of history instead of 30 (its short window gives noisier scores; with 30, most false alarms
 *   of the scenario suite fell in the first fifth of a series);
 * - the first `trainingPoints` valid points (0 = two days of points at that step, clamped to [200, 6000]) are
 *   searched for a season with `detectSeason`; from the point after them on, a found season (period in whole
 *   seconds) of at least a day adds the seasonal component. Shorter autocorrelation peaks in two days of data
 *   are more often the rhythm of bursts than a season, and the hours-wide window components cover them (on NAB,
 *   using them cost 1.6 points). Before that point, and when no season is found, the ensemble runs without it.
 *   Every run is causal and the switch points depend only on counts of earlier valid points, so the spliced
 *   output is causal too.
 * - sensitivity, direction and minConsecutive pass through.
 *
 * Use `autoParams` to see what was chosen. Warm-up is the quick ensemble's; cost is up to three ensemble runs.
 *
 * @example
 * const t = Array.from({ length: 80 }, (_, i) => i * 60000);
 * const v = t.map((_, i) => 10 + (i % 2 ? 0.5 : -0.5) + (i === 70 ? 8 : 0));
 * autoParams({ t, v }, resolveDetectorParams('auto'));
 * // → { window: 720, quickWindow: 60, period: 0, trainingPoints: 2880 }
 * //   (one-minute steps; 80 points: too few to search a season, and shorter than the quick ensemble's warm-up of
 * //   60 + 80 points, so runDetector gives no band yet)
 * // (the same as ExampleAutoParams in pkg/detectors; the doc_example vector case runs auto on this input)
 */
export const auto: DetectorDefinition = {
  id: 'auto',
  name: 'Auto',
  description: 'Finds the season and step of the series and runs the calibrated ensemble with fitting parameters.',
  multivariate: false,
  params: [
    {
      name: 'trainingPoints',
      type: 'int',
      default: 0,
      min: 0,
      max: 1000000,
      description:
        'Points searched for a season before it is used; 0 = two days of points (200 to 6000); below 16 = no season.',
    },
    ...commonParams(ensemble.params.find((s) => s.name === 'sensitivity')),
  ],
  // An upper bound (the window depends on the step); each result's `warmup` is exact.
  warmup: (p) => ensemble.warmup(ensembleParams(p, MAX_WINDOW, 0)),
  detect: detectAuto,
};

const HOUR_MS = 3600_000;
/** Shortest season auto uses, in seconds: a day (daily and weekly seasons are the ones metrics have). */
const MIN_SEASON_S = 86_400;
const MIN_QUICK_WINDOW = 30;
/** Scores of history the quick ensemble waits for (the ensemble's default is 30). */
const QUICK_MIN_HISTORY = 80;
const MIN_WINDOW = 120;
const MAX_WINDOW = 720;
const TWO_DAYS_MS = 2 * 86_400_000;

/** What `auto` picked for this series: the ensemble's windows and period, and the training length. */
export interface AutoChoice {
  window: number;
  /** The window of the quick ensemble used until the `window` one is warm. */
  quickWindow: number;
  period: number;
  trainingPoints: number;
}

/** The choices `auto` makes for a series (causal: from its first two and first trainingPoints valid points). */
export function autoParams(series: Series, p: Params): AutoChoice {
  const { t, v } = series;
  let first = -1;
  let step = 0;
  for (let i = 0; i < v.length && step === 0; i++) {
    if (Number.isNaN(v[i])) {
      continue;
    }
    if (first < 0) {
      first = i;
    } else {
      step = t[i] - t[first];
    }
  }
  const window = step > 0 ? clamp(Math.round(TWO_DAYS_MS / step), MIN_WINDOW, MAX_WINDOW) : MIN_WINDOW;
  const quickWindow = step > 0 ? clamp(Math.round(HOUR_MS / step), MIN_QUICK_WINDOW, MAX_WINDOW) : MIN_QUICK_WINDOW;
  let trainingPoints = p.trainingPoints as number;
  if (trainingPoints === 0) {
    trainingPoints = step > 0 ? clamp(Math.round(TWO_DAYS_MS / step), 200, 6000) : 200;
  }
  const end = trainingEnd(v, trainingPoints);
  let period = 0;
  if (end > 0 && trainingPoints >= SEASON_MIN_POINTS) {
    const season = detectSeason(sliceOf(t, end), sliceOf(v, end));
    period = season ? Math.round(season.periodMs / 1000) : 0;
    period = period >= MIN_SEASON_S ? period : 0;
  }
  return { window, quickWindow, period, trainingPoints };
}

function detectAuto(series: Series, p: Params): DetectionResult {
  const choice = autoParams(series, p);
  const v = series.v;
  const long = ensembleParams(p, choice.window, 0);
  const out = ensemble.detect!(series, long);
  // Before the long window is warm: the quick ensemble (skipped when it would be the same one).
  const warmEnd = trainingEnd(v, ensemble.warmup(long)) || v.length;
  if (choice.quickWindow !== choice.window) {
    const quick = ensemble.detect!(series, ensembleParams(p, choice.quickWindow, 0, QUICK_MIN_HISTORY));
    splice(out, quick, 0, warmEnd);
    out.warmup = quick.warmup;
  }
  if (choice.period > 0) {
    const from = Math.max(trainingEnd(v, choice.trainingPoints), warmEnd);
    splice(out, ensemble.detect!(series, ensembleParams(p, choice.window, choice.period)), from, v.length);
  }
  return out;
}

/** Copies outputs [from, to) of `src` into `dst`. */
function splice(dst: DetectionResult, src: DetectionResult, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    dst.expected[i] = src.expected[i];
    dst.lower[i] = src.lower[i];
    dst.upper[i] = src.upper[i];
    dst.score[i] = src.score[i];
    dst.anomaly[i] = src.anomaly[i];
  }
}

function ensembleParams(p: Params, window: number, period: number, minHistory?: number): Params {
  return resolveParams('ensemble', ensemble.params, {
    window,
    period,
    minHistory,
    sensitivity: p.sensitivity,
    direction: p.direction,
    minConsecutive: p.minConsecutive,
  });
}

/** The index just after the trainingPoints-th valid point, or 0 when the series has fewer valid points. */
function trainingEnd(v: ArrayLike<number>, trainingPoints: number): number {
  let count = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isNaN(v[i]) && ++count === trainingPoints) {
      return i + 1;
    }
  }
  return 0;
}

function sliceOf(a: ArrayLike<number>, end: number): Float64Array {
  const out = new Float64Array(end);
  for (let i = 0; i < end; i++) {
    out[i] = a[i];
  }
  return out;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
