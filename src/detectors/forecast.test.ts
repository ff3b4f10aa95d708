/**
 * @jest-environment node
 */
import * as fs from 'fs';
import * as path from 'path';
import { DetectorError } from './errors';
import { checkForecast, FORECAST_DETECTORS, firstCrossing, forecastSeries, forecastTimes, Threshold } from './forecast';
import { hwVarianceFactor } from './holt_winters_forecast';
import { DETECTORS, prepareDetector } from './registry';
import { close, decode } from './testing/vectors';

/** testdata/forecast.json (scripts/vectors/forecast.py), read by pkg/detectors/forecast_test.go too. */
interface ForecastCase {
  name: string;
  detector: string;
  params: Record<string, number | string | boolean>;
  input: { t: number[]; v: Array<number | string> };
  times: number[];
  expected:
    | { error: string }
    | {
        expected: Array<number | string>;
        lower: Array<number | string>;
        upper: Array<number | string>;
        crossing?: { threshold: Threshold; expected: number | null; band: number | null };
      };
}

const file = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../testdata/forecast.json'), 'utf8')) as {
  source: string;
  tolerance: { abs: number; rel: number };
  cases: ForecastCase[];
};

describe('forecast vectors (testdata/forecast.json)', () => {
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const series = { t: Float64Array.from(c.input.t), v: Float64Array.from(c.input.v.map((x) => decode(x as never))) };
    const before = Array.from(series.v);
    const run = () => forecastSeries(prepareDetector(c.detector, c.params), series, c.times);
    if ('error' in c.expected) {
      expect(run).toThrow(DetectorError);
      try {
        run();
      } catch (e) {
        expect((e as DetectorError).code).toBe(c.expected.error);
      }
      return;
    }
    const got = run();
    expect(Array.from(got.t)).toEqual(c.times);
    for (const key of ['expected', 'lower', 'upper'] as const) {
      const want = c.expected[key].map((x) => decode(x as never));
      expect(got[key]).toHaveLength(want.length);
      const bad = want.findIndex((w, i) => !close(got[key][i], w, file.tolerance));
      expect(bad < 0 ? 'all close' : `${key}[${bad}] = ${got[key][bad]}, want ${want[bad]}`).toBe('all close');
    }
    if (c.expected.crossing) {
      const { threshold, expected, band } = c.expected.crossing;
      const crossing = firstCrossing(got, threshold);
      expect(crossing.expected).toBe(expected ?? NaN);
      expect(crossing.band).toBe(band ?? NaN);
    }
    expect(Array.from(series.v)).toEqual(before); // inputs are never changed
  });

  it('covers every detector that can forecast, and one that cannot', () => {
    const covered = new Set(file.cases.map((c) => c.detector));
    for (const id of FORECAST_DETECTORS) {
      expect(covered).toContain(id);
    }
    expect(file.cases.some((c) => 'error' in c.expected && c.expected.error === 'cannot_forecast')).toBe(true);
  });
});

describe('forecasting', () => {
  it('names the detectors that can forecast when one cannot', () => {
    for (const d of DETECTORS) {
      if (FORECAST_DETECTORS.includes(d.id)) {
        expect(() => checkForecast(d.id)).not.toThrow();
      } else {
        expect(() => checkForecast(d.id)).toThrow(
          'cannot forecast; the detectors that can are auto, holt_winters, seasonal'
        );
      }
    }
  });

  it('has the variance of one-step errors at h = 1 and grows with the horizon', () => {
    expect(hwVarianceFactor(1, 0.3, 0.03, 0.2, 12)).toBe(1);
    let previous = 1;
    for (let h = 2; h <= 40; h++) {
      const f = hwVarianceFactor(h, 0.3, 0.03, 0.2, 12);
      expect(f).toBeGreaterThan(previous);
      previous = f;
    }
    // With α = 1 and no trend or season it is a random walk: variance h·σ².
    expect(hwVarianceFactor(25, 1, 0, 0, 1)).toBe(25);
  });

  it('lays the forecast grid after the last point, one step apart, up to the horizon', () => {
    expect(Array.from(forecastTimes(1000, 60, 200))).toEqual([1060, 1120, 1180]);
    expect(forecastTimes(1000, 60, 59)).toHaveLength(0);
    expect(forecastTimes(1000, 0, 600)).toHaveLength(0);
  });

  it('reports no crossing as NaN, and the band before the expected value', () => {
    const f = {
      t: Float64Array.from([1, 2, 3]),
      expected: Float64Array.from([5, 4, 3]),
      lower: Float64Array.from([4, 2, 1]),
      upper: Float64Array.from([6, 6, 5]),
    };
    expect(firstCrossing(f, { value: 3, direction: 'below' })).toEqual({ expected: 3, band: 2 });
    expect(firstCrossing(f, { value: 0, direction: 'below' })).toEqual({ expected: NaN, band: NaN });
    expect(firstCrossing(f, { value: 6, direction: 'above' })).toEqual({ expected: NaN, band: 1 });
  });
});
