/**
 * @jest-environment node
 */
import fc from 'fast-check';
import { DetectorError } from './errors';
import { FORECAST_DETECTORS, forecastSeries } from './forecast';
import { getDetector, prepareDetector } from './registry';
import { groupArb, paramsArb } from './testing/arbitraries';
import { checkProperty, propertyTimeoutMs } from './testing/fastCheck';
import { Series } from './types';

/**
 * The forecast contract on random series, parameters and horizons (forecast.ts): either a DetectorError that the
 * input explains, or aligned outputs with lower <= expected <= upper wherever there is a forecast (NaN together
 * elsewhere), and the input unchanged. Magnitudes are bounded at 1e100: the detectors' known overflow failures on
 * extreme values are fuzz.property.test.ts's.
 */
function forecastProperty(id: string, series: Series, raw: Record<string, unknown>, step: number, count: number) {
  const before = { t: Array.from(series.t), v: Array.from(series.v) };
  let prepared;
  try {
    prepared = prepareDetector(id, raw as never);
  } catch (e) {
    if (e instanceof DetectorError && e.code === 'invalid_param') {
      return;
    }
    throw e;
  }
  const last = series.t.length ? series.t[series.t.length - 1] : 0;
  const times = Array.from({ length: count }, (_, k) => last + (k + 1) * step);
  let f;
  try {
    f = forecastSeries(prepared, series, times);
  } catch (e) {
    if (!(e instanceof DetectorError) || !['invalid_input', 'non_finite_input'].includes(e.code)) {
      throw new Error(`unexpected error ${e}`);
    }
    const ascending = Array.from(series.t).every((x, i) => i === 0 || x > series.t[i - 1]);
    const finite = Array.from(series.v).every((x) => x !== Infinity && x !== -Infinity);
    if (ascending && finite && Array.from(series.t).every(Number.isFinite)) {
      throw new Error(`${e.code} (${e.message}) on a valid series`);
    }
    return;
  }
  if (f.expected.length !== count || f.lower.length !== count || f.upper.length !== count || f.t.length !== count) {
    throw new Error('outputs not aligned with the times');
  }
  for (let i = 0; i < count; i++) {
    const [e, lo, hi] = [f.expected[i], f.lower[i], f.upper[i]];
    if (Number.isNaN(e) !== Number.isNaN(lo) || Number.isNaN(e) !== Number.isNaN(hi)) {
      throw new Error(`point ${i}: expected ${e} with band [${lo}, ${hi}]`);
    }
    if (!Number.isNaN(e) && !(lo <= e && e <= hi)) {
      throw new Error(`point ${i}: band [${lo}, ${hi}] does not hold ${e}`);
    }
  }
  if (!Array.from(series.v).every((x, i) => Object.is(x, before.v[i]))) {
    throw new Error('forecastSeries mutated its input');
  }
}

for (const id of FORECAST_DETECTORS) {
  it(
    `${id}: the forecast contract holds on random series, parameters and horizons`,
    () => {
      checkProperty(
        `forecast ${id}`,
        fc.property(
          groupArb(false),
          paramsArb(getDetector(id).params),
          fc.constantFrom(1000, 60_000, 3_600_000),
          fc.integer({ min: 1, max: 50 }),
          ([series], drawn, step, count) => forecastProperty(id, series, drawn.raw, step, count)
        ),
        { numRuns: 200 }
      );
    },
    propertyTimeoutMs()
  );
}

/** Regular seasonal series that warm the models up: a level, a season of m steps, noise, a few missing points. */
const warmArb = fc
  .record({
    n: fc.integer({ min: 40, max: 400 }),
    m: fc.integer({ min: 2, max: 12 }),
    level: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    amplitude: fc.double({ min: 0, max: 1e3, noNaN: true }),
    slope: fc.double({ min: -10, max: 10, noNaN: true }),
    noise: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 400, maxLength: 400 }),
    scale: fc.double({ min: 0, max: 100, noNaN: true }),
    missing: fc.array(fc.nat({ max: 399 }), { maxLength: 10 }),
  })
  .map(({ n, m, level, amplitude, slope, noise, scale, missing }) => {
    const t = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 60_000);
    const v = t.map((_, i) => level + amplitude * Math.sin((2 * Math.PI * i) / m) + slope * i + scale * noise[i]);
    for (const i of missing) {
      if (i < n - 1) {
        v[i] = NaN;
      }
    }
    return { series: { t, v }, m };
  });

const smoothing = fc.double({ min: 0, max: 1, noNaN: true });
const paramsFor: Record<string, (m: number) => fc.Arbitrary<Record<string, unknown>>> = {
  holt_winters: (m) =>
    fc.record({
      seasonLength: fc.constant(m),
      alpha: smoothing,
      beta: smoothing,
      gamma: smoothing,
      spreadHalfLife: fc.double({ min: 1, max: 10, noNaN: true }),
    }),
  seasonal: (m) =>
    fc.record({ period: fc.constant(m * 60), seasons: fc.integer({ min: 2, max: 4 }), neighbours: fc.nat({ max: 2 }) }),
  auto: () => fc.constant({}),
};

for (const id of FORECAST_DETECTORS) {
  it(`${id}: the forecast contract holds on seasonal series long enough to forecast`, () => {
    let forecasts = 0;
    checkProperty(
      `forecast ${id} (warm)`,
      fc.property(
        warmArb.chain(({ series, m }) => fc.tuple(fc.constant(series), paramsFor[id](m))),
        fc.integer({ min: 1, max: 60 }),
        ([series, raw], count) => {
          forecastProperty(id, series, raw, 60_000, count);
          forecasts++;
        }
      ),
      { numRuns: 100 }
    );
    expect(forecasts).toBeGreaterThan(0);
  });
}
