import { detectSeason, SEASON_MIN_POINTS } from '../../src/detectors/season';
import { ascendingTimes } from '../nab/detect';
import { listCsvFiles, readDataFile } from '../nab/corpus';
import { generateScenario, scenarioSuite } from '../scenarios/generator';

export const DAY_MS = 86_400_000;

/** One series of the forecast bench. */
export interface BenchSeries {
  corpus: 'scenarios' | 'nab';
  name: string;
  t: Float64Array;
  v: Float64Array;
}

/**
 * The scenario generator's 5-minute series (14 days; the 1-minute ones span 3 days, too short to learn a daily season
 * and forecast two days ahead), without their injected anomalies (`clean`): daily and weekly load cycles with
 * Gaussian noise of 2-12 % of the mean, every metric type. An injected anomaly in the forecast window would be
 * outside every band by design and measure the injection, not the forecast.
 */
export function scenarioSeries(seed: number): BenchSeries[] {
  return scenarioSuite(seed)
    .filter((spec) => spec.stepSeconds === 300)
    .map((spec) => {
      const s = generateScenario(spec);
      return { corpus: 'scenarios', name: s.name, t: s.t, v: s.clean };
    });
}

/**
 * NAB's files with a daily season, chosen by a rule that looks at no forecast: in the history before the first
 * forecast origin (the first `head` share of the rows) detectSeason, the season search `auto` uses (autocorrelation,
 * snapped to a day or a week within 5 %), finds a season of a whole number of days up to a week (a weekly pattern
 * repeats a daily shape, as nyc_taxi's does).
 */
export function nabDailySeries(dataDir: string, head: number): BenchSeries[] {
  const out: BenchSeries[] = [];
  for (const key of listCsvFiles(dataDir)) {
    const file = readDataFile(dataDir, key);
    const t = ascendingTimes(file.timestamps);
    const v = Float64Array.from(file.values);
    const n = Math.floor(head * v.length);
    if (n < SEASON_MIN_POINTS) {
      continue;
    }
    const season = detectSeason(t.subarray(0, n), v.subarray(0, n));
    const days = season ? season.periodMs / DAY_MS : 0;
    if (Number.isInteger(days) && days >= 1 && days <= 7) {
      out.push({ corpus: 'nab', name: key, t, v });
    }
  }
  return out;
}
