import { DataFrame, FieldType } from '@grafana/data';
import { forecastSeries, prepareDetector } from '../detectors';
import { detectAnomalies } from './detectAnomalies';
import { minuteTimes, promSeriesFrame } from './testing/promFrames';
import { rangeEnd } from './transformerInfo';

/** A 30-minute season with deterministic wobble: holt_winters with seasonLength 30 is warm after 64 points. */
const n = 240;
const t = minuteTimes(n);
const v = t.map((_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 30) + ((i * 7919) % 13) * 0.1);
const hw = { detector: 'holt_winters', params: { seasonLength: 30, spreadHalfLife: 5 } };
const frame = () => promSeriesFrame(t, v, { __name__: 'disk', instance: 'a' });

const withField = (frames: DataFrame[], name: string) => frames.find((f) => f.fields.some((x) => x.name === name))!;
const values = (f: DataFrame, name: string) =>
  Array.from(f.fields.find((x) => x.name === name)!.values, (x) => (x == null ? NaN : (x as number)));
const notices = (frames: DataFrame[]) => frames.flatMap((f) => (f.meta?.notices ?? []).map((x) => x.text)).join('\n');

describe('the forecast option of the transformation', () => {
  it('continues the expected value and band past the last point on the series step, as the detector forecasts', () => {
    const out = detectAnomalies([frame()], { ...hw, forecast: { enabled: true, horizon: '1h' } });
    const added = withField(out, 'expected');
    const time = Array.from(added.fields[0].values as number[]);
    expect(added.length).toBe(n + 60);
    expect(time.slice(n)).toEqual(Array.from({ length: 60 }, (_, k) => t[n - 1] + (k + 1) * 60_000));
    const want = forecastSeries(prepareDetector('holt_winters', hw.params), { t, v }, time.slice(n));
    expect(values(added, 'expected').slice(n)).toEqual(Array.from(want.expected));
    expect(values(added, 'upper').slice(n)).toEqual(Array.from(want.upper));
    // The band widens into the future; score and markers have no value there; the series itself stops.
    const width = (k: number) => values(added, 'upper')[k] - values(added, 'lower')[k];
    expect(width(n + 59)).toBeGreaterThan(width(n));
    expect(values(added, 'score').slice(n).every(Number.isNaN)).toBe(true);
    expect(values(withField(out, 'anomaly'), 'anomaly').slice(n).every(Number.isNaN)).toBe(true);
    expect(out[0].length).toBe(n);
    expect(notices(out)).toBe('');
  });

  it('reaches the end of the panel’s time range when no horizon is set', () => {
    const out = detectAnomalies(
      [frame()],
      { ...hw, forecast: { enabled: true, horizon: '' } },
      {
        rangeEnd: t[n - 1] + 2 * 3_600_000,
      }
    );
    const time = withField(out, 'expected').fields[0].values as number[];
    expect(time[time.length - 1]).toBe(t[n - 1] + 2 * 3_600_000);
  });

  it('says what to change instead of forecasting when it cannot', () => {
    const noRange = detectAnomalies([frame()], { ...hw, forecast: { enabled: true, horizon: '' } });
    expect(notices(noRange)).toContain('set a forecast horizon (e.g. 1d)');
    const zscore = detectAnomalies([frame()], { detector: 'zscore', forecast: { enabled: true, horizon: '1h' } });
    expect(notices(zscore)).toContain(
      'zscore cannot forecast; the detectors that can are auto, holt_winters, seasonal'
    );
    const bad = detectAnomalies([frame()], { ...hw, forecast: { enabled: true, horizon: 'soon' } });
    expect(notices(bad)).toContain('"soon" is not a duration');
    for (const out of [noRange, zscore, bad]) {
      expect(withField(out, 'expected').length).toBe(n); // the band is drawn, without a forecast
    }
  });

  it('adds per series the seconds until the forecast and its band reach a threshold', () => {
    const out = detectAnomalies([frame()], {
      ...hw,
      forecast: { enabled: true, horizon: '1h', threshold: { value: 108, direction: 'above' } },
    });
    const th = out[out.length - 1];
    expect(th.name).toBe('{__name__="disk", instance="a"} time to threshold');
    expect(th.fields.some((f) => f.type === FieldType.time)).toBe(false);
    const [expected, band] = th.fields;
    expect([expected.labels?.crossing, band.labels?.crossing, expected.config.unit]).toEqual(['expected', 'band', 's']);
    const e = expected.values[0] as number;
    const b = band.values[0] as number;
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThanOrEqual(e);
    expect(e).toBeLessThan(3600);
    const never = detectAnomalies([frame()], {
      ...hw,
      forecast: { enabled: true, horizon: '1h', threshold: { value: 1000, direction: 'above' } },
    });
    expect(never[never.length - 1].fields.map((f) => f.values[0])).toEqual([Infinity, Infinity]);
    // A field already past the threshold is 0 s from it, not the one step after its last point the forecast starts at.
    const past = detectAnomalies([frame()], {
      ...hw,
      forecast: { enabled: true, horizon: '1h', threshold: { value: 0, direction: 'above' } },
    });
    expect(past[past.length - 1].fields.map((f) => f.values[0])).toEqual([0, 0]);
  });

  it('reads the end of the panel’s range from the dashboard’s $__to', () => {
    expect(rangeEnd({ interpolate: (s) => (s === '$__to' ? '1700003600000' : s) })).toBe(1700003600000);
    expect(rangeEnd({ interpolate: (s) => s })).toBeUndefined();
    expect(rangeEnd(undefined)).toBeUndefined();
  });
});
