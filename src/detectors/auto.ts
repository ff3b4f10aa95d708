import { DetectorDefinition } from './detector';
import { detectEnsemble, ensemble } from './ensemble';
import { commonParams, resolveParams } from './params';
import { detectSeason, SEASON_MIN_POINTS } from './season';
import { StepEstimate } from './step';
import { checkTimeZone, timezoneParam } from './timezone';
import { DetectionResult, Params, Series } from './types';

/**
 * `auto`: what a user gets without choosing. Runs `ensemble` with parameters picked from the series itself,
 * causally, in one pass:
 *
 * - the step is the median of the series' first gaps (step.ts: a lone point before a gap does not change it);
 * - window = two days in steps, clamped to [120, 720] (5-minute data: 576; 1-minute or finer: 720; hourly: 120):
 *   long windows keep a daily swing or a burst inside the level's spread; the level and change components take
 *   part after one hour of steps, clamped to [30, 720] (an expanding window until then), so a short panel gets a
 *   band; 80 scores of history before the first output (the ensemble's default is 30);
 * - the first `trainingPoints` valid points (0 = two days of points, clamped to [200, 6000]) are searched for a
 *   season with `detectSeason`; a season of at least a day adds the seasonal component from the point after them
 *   on (shorter autocorrelation peaks in two days are more often the rhythm of bursts than a season). Before that
 *   point the ensemble runs without it, so the output is causal: the choice depends only on earlier points;
 * - adaptAfter, timezone, sensitivity, direction and minConsecutive pass through.
 *
 * Use `autoParams` to see what was chosen. Twin of pkg/detectors/auto.go.
 *
 * @example
 * const t = Array.from({ length: 80 }, (_, i) => i * 60000);
 * const v = t.map((_, i) => 10 + (i % 2 ? 0.5 : -0.5) + (i === 70 ? 8 : 0));
 * autoParams({ t, v }, resolveDetectorParams('auto'));
 * // → { window: 720, quickSteps: 60, period: 0, trainingPoints: 2880, step: 60000 }
 * //   (one-minute steps; 80 points: too few to search a season, and shorter than the warm-up of 60 + 80 points)
 * // (the same as ExampleAutoParams in pkg/detectors; the doc_example vector case runs auto on this input)
 */
export const auto: DetectorDefinition = {
  id: 'auto',
  name: 'Auto',
  description:
    'Finds the season and step of the series and runs the calibrated ensemble; holds the flag while a deviation lasts.',
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
    ensemble.params.find((s) => s.name === 'adaptAfter')!,
    timezoneParam(),
    ...commonParams(ensemble.params.find((s) => s.name === 'sensitivity')),
  ],
  validate: (p) => checkTimeZone('auto', p.timezone as string),
  // An upper bound (the quick warm-up depends on the step); each result's `warmup` is exact.
  warmup: (p) => ensemble.warmup(ensembleParams(p, MAX_WINDOW, 0)),
  detect: detectAuto,
};

const HOUR_MS = 3600_000;
/** Shortest season auto uses, in seconds: a day (daily and weekly seasons are the ones metrics have). */
const MIN_SEASON_S = 86_400;
/** The longest, 31 days: the ensemble's longest period (a longer season found in daily data is left out). */
const MAX_SEASON_S = 2_678_400;
const MIN_QUICK = 30;
/** Scores of history auto waits for (the ensemble's default is 30). */
const AUTO_MIN_HISTORY = 80;
const MIN_WINDOW = 120;
const MAX_WINDOW = 720;
const TWO_DAYS_MS = 2 * 86_400_000;

/** What `auto` picked for a series. */
export interface AutoChoice {
  /** The ensemble's window, in steps. */
  window: number;
  /** Steps of data before the level and change components take part. */
  quickSteps: number;
  /** Season in whole seconds, 0 = none. */
  period: number;
  trainingPoints: number;
  /** The step in ms (0 with fewer than two valid points). */
  step: number;
}

/** The step of a series: the median of its first gaps (step.ts), frozen after the first 32 valid points. */
function seriesStep(series: Series): number {
  const steps = new StepEstimate();
  let step = 0;
  for (let i = 0; i < series.v.length && !steps.settled; i++) {
    if (!Number.isNaN(series.v[i])) {
      step = steps.add(series.t[i]);
    }
  }
  return step;
}

/**
 * The choices `auto` makes for a series. Causal where it matters: the step comes from the first 32 valid points
 * (all outputs before them are warm-up) and the season from the first trainingPoints, used only after them.
 */
export function autoParams(series: Series, p: Params): AutoChoice {
  const { t, v } = series;
  const step = seriesStep(series);
  const window = step > 0 ? clamp(Math.round(TWO_DAYS_MS / step), MIN_WINDOW, MAX_WINDOW) : MIN_WINDOW;
  const quickSteps = step > 0 ? clamp(Math.round(HOUR_MS / step), MIN_QUICK, MAX_WINDOW) : MIN_QUICK;
  let trainingPoints = p.trainingPoints as number;
  if (trainingPoints === 0) {
    trainingPoints = step > 0 ? clamp(Math.round(TWO_DAYS_MS / step), 200, 6000) : 200;
  }
  const end = trainingEnd(v, trainingPoints);
  let period = 0;
  if (end > 0 && trainingPoints >= SEASON_MIN_POINTS) {
    const season = detectSeason(sliceOf(t, end), sliceOf(v, end));
    period = season ? Math.round(season.periodMs / 1000) : 0;
    period = period >= MIN_SEASON_S && period <= MAX_SEASON_S ? period : 0;
  }
  return { window, quickSteps, period, trainingPoints, step };
}

function detectAuto(series: Series, p: Params): DetectionResult {
  const choice = autoParams(series, p);
  const r = detectEnsemble(series, ensembleParams(p, choice.window, choice.period), {
    quickSteps: choice.quickSteps,
    seasonFrom: trainingEnd(series.v, choice.trainingPoints),
  });
  r.warmup = Math.min(choice.quickSteps, choice.window) + AUTO_MIN_HISTORY;
  return r;
}

function ensembleParams(p: Params, window: number, period: number): Params {
  return resolveParams('ensemble', ensemble.params, {
    window,
    period,
    minHistory: AUTO_MIN_HISTORY,
    adaptAfter: p.adaptAfter,
    timezone: p.timezone,
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
