/**
 * npm run bench:forecast [-- --json] [--nab DIR] [--seed N]
 *
 * Forecast quality (issue 11). For every series of the corpora (corpus.ts: the scenario generator's 5-minute series
 * and NAB's files with a daily season, reported apart as NAB's real-world and artificial categories) and every forecast origin (ORIGINS: shares of the series' rows), each method
 * forecasts from the history up to the origin only, at the series' own future timestamps up to the longest horizon.
 * Per horizon H (HORIZONS) the lead times in (origin, origin + H] are scored: mean absolute scaled error (MASE,
 * scaled by the history's one-day seasonal naive error) averaged over cases, and the coverage of the band (share of
 * future points inside it) at its nominal 99.7 % and, scaled about the expected value, at 95 % and 80 % (metrics.ts).
 *
 * Methods: the three detectors that forecast, with their default parameters except holt_winters' season, set to one
 * day of steps (its default, 24 steps, is a day only at hourly steps), and the two baselines (baselines.ts): seasonal
 * naive with a one-day season, and predict_linear-style least squares over a window of max(H, 1 h) before the
 * origin. A case is scored only when every method forecasts every point (skipped cases are counted).
 */
import { resolve } from 'path';
import { forecastSeries, prepareDetector, PreparedDetector } from '../../src/detectors';
import { History, linearExtrapolation, maseScale, seasonalNaive } from './baselines';
import { BenchSeries, DAY_MS, nabDailySeries, scenarioSeries } from './corpus';
import { addCase, coverage, emptyTally, LEVELS, meanMase, Tally } from './metrics';

const HOUR_MS = 3_600_000;
const ORIGINS = [0.6, 0.7, 0.8];
const HORIZONS = [1, 6, 24, 48].map((h) => h * HOUR_MS);
const DETECTOR_METHODS = ['auto', 'holt_winters', 'seasonal'] as const;
const BASELINES = ['seasonal naive', 'linear'] as const;
const METHODS = [...DETECTOR_METHODS, ...BASELINES];
type Method = (typeof METHODS)[number];

interface Options {
  json: boolean;
  nab: string;
  seed: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, nab: resolve(__dirname, '..', '..', '..', 'shared', 'nab', 'data'), seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') {
      o.json = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) {
      throw new Error(`${flag} needs a value; usage: npm run bench:forecast -- [--json] [--nab DIR] [--seed N]`);
    }
    if (flag === '--nab') {
      o.nab = resolve(value);
    } else if (flag === '--seed') {
      o.seed = Number(value);
    } else {
      throw new Error(`unknown option ${flag}; usage: npm run bench:forecast -- [--json] [--nab DIR] [--seed N]`);
    }
  }
  return o;
}

/** The series step: the median gap of its first points. */
function stepOf(t: ArrayLike<number>): number {
  const gaps = [];
  for (let i = 1; i < Math.min(t.length, 64); i++) {
    gaps.push(t[i] - t[i - 1]);
  }
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1];
}

type Tallies = Record<string, Record<Method, Tally>>; // by horizon (ms, as text)

function emptyTallies(): Tallies {
  const out: Tallies = {};
  for (const h of HORIZONS) {
    out[h] = Object.fromEntries(METHODS.map((m) => [m, emptyTally()])) as Record<Method, Tally>;
  }
  return out;
}

interface Run {
  tallies: Tallies;
  series: number;
  skipped: number;
}

function benchCorpus(series: BenchSeries[]): Run {
  const run: Run = { tallies: emptyTallies(), series: series.length, skipped: 0 };
  const longest = HORIZONS[HORIZONS.length - 1];
  for (const s of series) {
    const step = stepOf(s.t);
    const detectors: Record<(typeof DETECTOR_METHODS)[number], PreparedDetector> = {
      auto: prepareDetector('auto'),
      holt_winters: prepareDetector('holt_winters', { seasonLength: Math.round(DAY_MS / step) }),
      seasonal: prepareDetector('seasonal'),
    };
    for (const share of ORIGINS) {
      const o = Math.floor(share * s.v.length) - 1;
      const now = s.t[o];
      const history: History = { t: s.t.subarray(0, o + 1), v: s.v.subarray(0, o + 1) };
      let end = o + 1;
      while (end < s.t.length && s.t[end] <= now + longest) {
        end++;
      }
      if (s.t[s.t.length - 1] < now + longest) {
        run.skipped++; // the series ends before the longest horizon
        continue;
      }
      const times = s.t.subarray(o + 1, end);
      const actual = s.v.subarray(o + 1, end);
      const forecasts = Object.fromEntries(
        DETECTOR_METHODS.map((m) => [m, forecastSeries(detectors[m], history, times)])
      ) as Record<(typeof DETECTOR_METHODS)[number], ReturnType<typeof forecastSeries>>;
      const seasonal = seasonalNaive(history, now, DAY_MS, times);
      const scale = maseScale(history, DAY_MS);
      const all = [...Object.values(forecasts).map((f) => f.expected), seasonal];
      if (!(scale > 0) || all.some((a) => a.some(Number.isNaN))) {
        run.skipped++;
        continue;
      }
      for (const h of HORIZONS) {
        const k = lastIndexWithin(times, now + h);
        const valid = indexesOfValid(actual, k);
        if (valid.length === 0) {
          continue;
        }
        const pick = (a: ArrayLike<number>) => Float64Array.from(valid, (i) => a[i]);
        const y = pick(actual);
        const tally = run.tallies[h];
        for (const m of DETECTOR_METHODS) {
          const f = forecasts[m];
          addCase(tally[m], y, pick(f.expected), scale, { lower: pick(f.lower), upper: pick(f.upper) });
        }
        addCase(tally['seasonal naive'], y, pick(seasonal), scale);
        const linear = linearExtrapolation(history, now, Math.max(h, HOUR_MS), times);
        addCase(tally.linear, y, pick(linear), scale);
      }
    }
  }
  return run;
}

function lastIndexWithin(times: ArrayLike<number>, until: number): number {
  let k = 0;
  while (k < times.length && times[k] <= until) {
    k++;
  }
  return k;
}

function indexesOfValid(v: ArrayLike<number>, end: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < end; i++) {
    if (!Number.isNaN(v[i])) {
      out.push(i);
    }
  }
  return out;
}

function fmt(x: number, digits = 3): string {
  return Number.isNaN(x) ? 'n/a' : x.toFixed(digits);
}

function report(name: string, run: Run): string {
  const lines = [
    `### ${name}: ${run.series} series, ${ORIGINS.length} origins each (${run.skipped} cases skipped)`,
    '',
    `| horizon | ${METHODS.map((m) => `MASE ${m}`).join(' | ')} | beats both baselines |`,
    `|---|${METHODS.map(() => '---').join('|')}|---|`,
  ];
  for (const h of HORIZONS) {
    const t = run.tallies[h];
    const best = Math.min(meanMase(t['seasonal naive']), meanMase(t.linear));
    const beats = DETECTOR_METHODS.filter((m) => meanMase(t[m]) < best);
    lines.push(
      `| ${h / HOUR_MS} h | ${METHODS.map((m) => fmt(meanMase(t[m]))).join(' | ')} | ${beats.join(', ') || 'none'} |`
    );
  }
  lines.push(
    '',
    `| horizon | ${DETECTOR_METHODS.map((m) => `coverage ${m} (${LEVELS.map((l) => l.name).join(' / ')})`).join(' | ')} |`
  );
  lines.push(`|---|${DETECTOR_METHODS.map(() => '---').join('|')}|`);
  for (const h of HORIZONS) {
    const t = run.tallies[h];
    const cells = DETECTOR_METHODS.map((m) => LEVELS.map((_, k) => fmt(100 * coverage(t[m], k), 1)).join(' / '));
    lines.push(`| ${h / HOUR_MS} h | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const scenarios = benchCorpus(scenarioSeries(o.seed));
  const nabSeries = nabDailySeries(o.nab, ORIGINS[0]);
  const real = benchCorpus(nabSeries.filter((s) => s.name.startsWith('real')));
  const artificial = benchCorpus(nabSeries.filter((s) => !s.name.startsWith('real')));
  const seconds = (Date.now() - started) / 1000;
  if (o.json) {
    const json = (run: Run) => ({
      series: run.series,
      skipped: run.skipped,
      horizons: Object.fromEntries(
        HORIZONS.map((h) => [
          `${h / HOUR_MS}h`,
          Object.fromEntries(
            METHODS.map((m) => {
              const t = run.tallies[h][m];
              return [m, { cases: t.cases, mase: meanMase(t), coverage: LEVELS.map((_, k) => coverage(t, k)) }];
            })
          ),
        ])
      ),
    });
    const files = nabSeries.map((s) => s.name);
    console.log(
      JSON.stringify(
        { scenarios: json(scenarios), nabFiles: files, nabReal: json(real), nabArtificial: json(artificial), seconds },
        null,
        1
      )
    );
    return;
  }
  console.log(report('Scenarios', scenarios));
  console.log('');
  console.log(report('NAB real-world files with a daily season', real));
  console.log('');
  console.log(report('NAB artificial files with a daily season', artificial));
  console.log('');
  console.log(`NAB files: ${nabSeries.map((s) => s.name).join(', ')}`);
  console.log(`Run time ${seconds.toFixed(1)} s.`);
}

main();
