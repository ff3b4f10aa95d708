import { DetectorDefinition } from './detector';
import { runEnsemble } from './ensemble_engine';
import { DetectorError } from './errors';
import { commonParams } from './params';
import { scoreAgainstBand } from './result';
import { checkTimeZone, timezoneParam } from './timezone';
import { DetectionResult, Params, Series } from './types';

/**
 * `ensemble`: several predictors combined, calibrated against the series' own history, with a layer that holds
 * the flag while a deviation lasts (the default detector `auto` runs it with parameters fitted to the series).
 *
 * 1. Components (ensemble_parts.ts), each an expected value e_c and spread s_c per point, all windows in time
 *    (step: the median of the first gaps, step.ts), all spreads floored at what the data resolves
 *    (resolution.ts), all updates robust (a lone outlier enters clipped to 3 spreads): `zscore` over `window`
 *    steps and `ewma` with half-life window/4 (the level), a change component (the previous value plus the usual
 *    change over `changeWindow` steps: it follows a daily cycle that the level takes into its spread) and, when
 *    `period` > 0, the seasonal profile (seasonal_profile.ts: what the series does at this time of the season on
 *    the clock of `timezone`). The level and change components take part after 60 steps of data (an expanding
 *    window until their full one), the seasonal one once its phase was seen in an earlier season.
 * 2. Combination: precision weights W_c = (u_c/s_c)² (u = 1.5 for the change component, 1 otherwise),
 *    expected = Σ W_c e_c / Σ W_c (inverse-variance weighting: the sharpest predictor counts most) and the raw
 *    score r = sqrt(Σ W_c (x − e_c)² / C), the root mean square of the components' weighted deviations. On a
 *    seasonal series the expected value is thus the seasonal and change components' (it follows the cycle), on a
 *    bursty one the level's.
 * 3. Calibration ("a new record"): T = max(sensitivity · g · M, 3.55), with M the largest raw score of the last
 *    `longWindow` steps (and at least 3.1 seasons when there is a season, so a daily pattern is in the history
 *    it is judged against three times) and g = sqrt(ln N / ln n) ≥ 1 while the history covers only n of its N steps (the
 *    maximum of n normal scores grows like sqrt(2 ln n): a short history is scaled to a full one's). A point is
 *    anomalous when r > T. Flagged scores are kept apart: only the second largest of them in the window counts
 *    in M, so one outlier never raises the bar (robust calibration) while anomalies that recur do. Where no
 *    point is flagged the band is the set where r ≤ T: expected ± sqrt((T² − r(expected)²)·C / Σ W). At a
 *    flagged point it is the baseline the point is judged against (ensemble_band.ts): the reference of step 4,
 *    ± min(3·sensitivity spreads, |x − e|/1.5), since there the quick components follow the anomaly, pull the
 *    combined expected value towards it and disagree by more than T (the set r ≤ T is then empty: a band of zero
 *    width on the anomaly).
 * 4. Lasting deviations (ensemble_sustained.ts): CUSUM, variance and flat-line tests on the residual from a
 *    reference (the seasonal component with its swing scaled by a learnt gain, else the EWMA level, plus a level
 *    offset), calibrated the same way. An
 *    alarm (a point anomaly or a lasting test) holds the flag while its deviation persists, until `adaptAfter`
 *    seconds: then the new level (variance, flat value) is accepted as normal. A held point's band is the
 *    reference's (held at its onset value), narrowed so that the point lies outside it: its score is at least
 *    1.5, so a rule "score > 1 for 5 minutes" fires on a lasting shift, and the events (events.ts) mark the
 *    onset, one per anomaly.
 *
 * Warm-up: min(60, window) steps, plus `minHistory` scores of history. Cost: O(n) with small constants (each
 * component is O(1) per point, the seasonal one O(1) amortised); the loops are hand-written (sliding windows and
 * recursions that simple-statistics does not have). Chosen on the NAB benchmark and the scenario suite
 * (bench/nab, bench/scenarios; BENCHMARKS.md), with one parameter set for every file and no labels in the
 * detector. Twin of pkg/detectors/ensemble.go.
 *
 * @example
 * const t = Array.from({ length: 200 }, (_, i) => i * 60000);
 * const v = t.map((_, i) => 10 + (i % 2 ? 0.5 : -0.5) + (i === 150 ? 8 : 0) + (i >= 180 ? 5 : 0));
 * const [r] = runDetector('ensemble', [{ t, v }], { window: 60, minHistory: 20 });
 * // r.warmup → 80; flagged: 150, then 180 to 199 (the shift, held while it lasts: adaptAfter is 2 hours)
 * // at 150: r.expected → 10.0127 (the level before the spike), r.upper → 11.7576, r.score → 4.2911
 * // at 190: r.expected → 10.0297 (the level before the shift), r.upper → 11.8549, r.score → 2.4493
 * // groupEvents gives 2 events: the spike and the shift from its onset
 * // (the same numbers as ExampleEnsemble in pkg/detectors and the doc_example vector case)
 */
export const ensemble: DetectorDefinition = {
  id: 'ensemble',
  name: 'Ensemble (calibrated)',
  description:
    'Level, change and seasonal predictors combined and calibrated; flags onsets and holds the flag while a deviation lasts.',
  multivariate: false,
  params: [
    {
      name: 'window',
      type: 'int',
      default: 360,
      min: 4,
      max: 100000,
      description: 'Steps of time the level components look back over (the EWMA half-life is a quarter of it).',
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
      name: 'changeWindow',
      type: 'int',
      default: 3000,
      min: 10,
      max: 100000,
      description: 'Steps of time of point-to-point changes the change component is scored against.',
    },
    {
      name: 'longWindow',
      type: 'int',
      default: 1000,
      min: 10,
      max: 100000,
      description: 'Steps of time of score history a point must beat (at least 3.1 seasons when there is a season).',
    },
    {
      name: 'minHistory',
      type: 'int',
      default: 30,
      min: 1,
      max: 100000,
      description: 'Scores of history needed before the first output (after the components take part).',
    },
    {
      name: 'adaptAfter',
      type: 'int',
      default: 7200,
      min: 0,
      max: 31 * 86400,
      description:
        'Seconds a lasting deviation stays flagged before it is accepted as the new normal; 0 = flag points only.',
    },
    timezoneParam(),
    ...commonParams({
      default: 1.15,
      min: 1,
      description:
        'How far a score must beat the largest of its recent history (1.15 = by 15%); larger = fewer anomalies.',
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
    checkTimeZone('ensemble', p.timezone as string);
  },
  warmup: (p) => Math.min(QUICK_STEPS, p.window as number) + (p.minHistory as number),
  detect: (s, p) => detectEnsemble(s, p),
};

/** The seasonal component's shortest period, in seconds. */
export const MIN_PERIOD_S = 60;
/** Steps of data the level and change components need before they take part. */
export const QUICK_STEPS = 60;

/** Runs the ensemble with resolved parameters; auto passes its quick warm-up and where the season starts. */
export function detectEnsemble(
  series: Series,
  p: Params,
  extra: { quickSteps?: number; seasonFrom?: number } = {}
): DetectionResult {
  const window = p.window as number;
  const r = runEnsemble(series, {
    window,
    changeWindow: p.changeWindow as number,
    longWindow: p.longWindow as number,
    periodMs: (p.period as number) * 1000,
    timezone: p.timezone as string,
    seasonFrom: extra.seasonFrom ?? 0,
    quickSteps: Math.min(extra.quickSteps ?? QUICK_STEPS, window),
    minHistory: p.minHistory as number,
    adaptMs: (p.adaptAfter as number) * 1000,
    sensitivity: p.sensitivity as number,
    sided: p.direction !== 'both',
  });
  return scoreAgainstBand(series.v, r, p);
}
