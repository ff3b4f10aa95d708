import { DataFrame, DataTransformerConfig, standardTransformersRegistry, transformDataFrame } from '@grafana/data';
import { firstValueFrom } from 'rxjs';
import { runDetector } from '../detectors';
import { seriesColor } from '../outputs/outputs';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import { AnomalyTransformOptions } from './options';
import { registerAnomalyTransformation } from './registerCodeSplit';
import { addedFrames, coreItems, minuteTimes, promSeriesFrame, promWideFrame, spikySeries } from './testing/promFrames';

// Grafana 13.1's start-up: core items in the lazy shape, then our plugin module registers.
standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
registerAnomalyTransformation();

function run(frames: DataFrame[], options: Partial<AnomalyTransformOptions>): Promise<DataFrame[]> {
  const config: DataTransformerConfig = { id: ANOMALY_TRANSFORMATION_ID, options };
  return firstValueFrom(transformDataFrame([config], frames));
}

const names = (f: DataFrame) => f.fields.map((x) => x.name);
const field = (f: DataFrame, name: string) => f.fields.find((x) => x.name === name)!;
/** Field values with "no value" (a hole or null, see float64ToValues) read as null. */
const valuesOf = (f: DataFrame, name: string) => Array.from(field(f, name).values, (x) => (x == null ? null : x));
const notices = (f: DataFrame) => (f.meta?.notices ?? []).map((n) => n.text).join('\n');

const t = minuteTimes(200);
const zscore = { detector: 'zscore', params: { window: 30 } };

describe('Anomaly detection through transformDataFrame, Prometheus frames', () => {
  it('keeps the input frames as they are and adds after them, per series, a frame of expected, band and score, then one of markers', async () => {
    const a = promSeriesFrame(t, spikySeries(200, 150), { __name__: 'rps', instance: 'a' });
    const b = promSeriesFrame(t, spikySeries(200, 120, 50), { __name__: 'rps', instance: 'b' });
    const out = await run([a, b], zscore);
    expect(out).toHaveLength(6);
    expect(out[0]).toBe(a);
    expect(out[1]).toBe(b);
    expect(out.slice(2).map(names)).toEqual([
      ['Time', 'expected', 'lower', 'upper', 'score'],
      ['Time', 'expected', 'lower', 'upper', 'score'],
      ['Time', 'anomaly'],
      ['Time', 'anomaly'],
    ]);
    // Each added frame is named by its series' display name.
    const [nameA, nameB] = ['{__name__="rps", instance="a"}', '{__name__="rps", instance="b"}'];
    expect(out.slice(2).map((f) => f.name)).toEqual([nameA, nameB, nameA, nameB]);
    for (const [i, frame] of addedFrames(out).entries()) {
      const source = [a, b][i];
      expect(frame.fields[0]).toBe(source.fields[0]);
      expect(frame.refId).toBe(source.refId);
      for (const f of frame.fields.slice(1)) {
        expect(f.labels).toEqual(source.fields[1].labels);
        expect(f.values).toHaveLength(200);
      }
    }
    // The spikes are flagged and nothing in warm-up is.
    const markersA = valuesOf(out[4], 'anomaly');
    expect(markersA[150]).toBe(a.fields[1].values[150]);
    expect(markersA.slice(0, 30).every((x) => x === null)).toBe(true);
    expect(valuesOf(out[5], 'anomaly')[120]).toBe(b.fields[1].values[120]);
    expect(out.flatMap((f) => f.meta?.notices ?? [])).toEqual([]);
  });

  it('gives the same numbers as runDetector on the same points (the backend twin is held to them by the vectors)', async () => {
    const v = spikySeries(200, 150);
    const [frame] = addedFrames(
      await run([promSeriesFrame(t, v, { job: 'x' })], {
        ...zscore,
        sensitivity: 2.5,
        minConsecutive: 2,
      })
    );
    const [want] = runDetector('zscore', [{ t, v }], {
      window: 30,
      sensitivity: 2.5,
      direction: 'both',
      minConsecutive: 2,
    });
    const nanToNull = (a: Float64Array) => Array.from(a, (x) => (Number.isNaN(x) ? null : x));
    expect(valuesOf(frame, 'expected')).toEqual(nanToNull(want.expected));
    expect(valuesOf(frame, 'lower')).toEqual(nanToNull(want.lower));
    expect(valuesOf(frame, 'upper')).toEqual(nanToNull(want.upper));
    expect(valuesOf(frame, 'score')).toEqual(nanToNull(want.score));
    expect(valuesOf(frame, 'anomaly')).toEqual(Array.from(want.anomaly, (x, i) => (x ? v[i] : null)));
  });

  it('draws in a stock time series panel: band via fillBelowTo, points, score hidden from the graph, in the series colour', async () => {
    const [frame] = addedFrames(
      await run(
        [
          promSeriesFrame(t, spikySeries(200, 10), { instance: 'z' }, { legend: 'api z' }),
          promSeriesFrame(t, spikySeries(200, 150), { instance: 'a' }, { legend: 'api a' }),
        ],
        { ...zscore, fields: ['api a'] }
      )
    );
    expect(frame.name).toBe('api a');
    const cfg = (name: string) => field(frame, name).config;
    expect(cfg('upper').displayNameFromDS).toBe('api a upper');
    expect(cfg('upper').custom.fillBelowTo).toBe(cfg('lower').displayNameFromDS);
    expect(cfg('upper').custom.fillOpacity).toBeGreaterThan(0);
    expect(cfg('anomaly').custom).toMatchObject({ drawStyle: 'points', showPoints: 'always' });
    // "api a" is the panel's second series: its added fields take the classic palette's second colour.
    for (const name of ['expected', 'lower', 'upper', 'anomaly']) {
      expect(cfg(name).color).toEqual({ mode: 'fixed', fixedColor: seriesColor(1) });
    }
    expect(cfg('score').custom.hideFrom).toEqual({ legend: true, tooltip: false, viz: true });
  });

  it('handles wide frames: every numeric field gets its outputs, names stay unique for the band', async () => {
    const wide = promWideFrame(t, [
      { labels: { pod: 'p1' }, v: spikySeries(200, 100) },
      { labels: { pod: 'p2' }, v: spikySeries(200, 160, 20) },
    ]);
    const out = await run([wide], zscore);
    expect(out.map(names)).toEqual([
      ['Time', 'Value', 'Value'],
      ['Time', 'expected', 'lower', 'upper', 'score'],
      ['Time', 'expected', 'lower', 'upper', 'score'],
      ['Time', 'anomaly'],
      ['Time', 'anomaly'],
    ]);
    expect(out[0]).toBe(wide);
    const uppers = out.flatMap((f) => f.fields.filter((x) => x.name === 'upper'));
    const fills = uppers.map((f) => f.config.custom.fillBelowTo);
    expect(new Set(fills).size).toBe(2);
    expect(uppers.map((f) => f.labels)).toEqual([{ pod: 'p1' }, { pod: 'p2' }]);
  });

  it('applies to the chosen fields only, adds only the chosen outputs, and replaces when asked', async () => {
    const a = promSeriesFrame(t, spikySeries(200, 150), { instance: 'a' }, { legend: 'a' });
    const b = promSeriesFrame(t, spikySeries(200, 150), { instance: 'b' }, { legend: 'b' });
    const out = await run([a, b], {
      ...zscore,
      fields: ['b'],
      outputs: { expected: false, band: false, score: true, anomaly: false },
      mode: 'replace',
    });
    // b's frame has nothing left but time: the frame of b's added fields stands in for it.
    expect(out).toHaveLength(2);
    expect(out[0]).toBe(a);
    expect(names(out[1])).toEqual(['Time', 'score']);
  });

  it('runs a multivariate detector on the group of frames (peer_outlier: one pod out of four)', async () => {
    const frames = ['a', 'b', 'c', 'd'].map((pod, k) =>
      promSeriesFrame(
        t,
        t.map((_, i) => 10 + k * 0.1 + (pod === 'd' && i === 50 ? 30 : 0)),
        { pod }
      )
    );
    const added = addedFrames(await run(frames, { detector: 'peer_outlier' }));
    expect(added).toHaveLength(4);
    expect(valuesOf(added[3], 'anomaly')[50]).toBeCloseTo(40.3);
    expect(valuesOf(added[0], 'anomaly')[50]).toBeNull();
  });
});

describe('bad input: a notice and the data passed through, never a throw', () => {
  it('invalid parameters', async () => {
    const frame = promSeriesFrame(t, spikySeries(200, 150), { instance: 'a' });
    const [out] = await run([frame], { detector: 'zscore', params: { window: 1 } });
    expect(out.fields).toBe(frame.fields);
    expect(notices(out)).toMatch(/window.*between 2 and 100000/);
    expect(out.meta?.notices?.[0].severity).toBe('warning');
  });

  it('unknown detector', async () => {
    const [out] = await run([promSeriesFrame(t, spikySeries(200, 1), {})], { detector: 'nope' });
    expect(names(out)).toEqual(['Time', 'Value']);
    expect(notices(out)).toMatch(/unknown detector "nope"/);
  });

  it('empty frames, frames without numbers, non-numeric fields', async () => {
    const empty = promSeriesFrame([], [], { instance: 'a' });
    const strings: DataFrame = {
      length: 2,
      fields: [{ name: 'msg', type: 'string' as any, config: {}, values: ['a', 'b'] }],
    };
    const [e, s] = await run([empty, strings], zscore);
    expect(e.fields).toBe(empty.fields);
    expect(notices(e)).toMatch(/no points/);
    expect(s.fields).toBe(strings.fields);
    expect(notices(s)).toMatch(/no numeric field/);
  });

  it('null and NaN values are skipped with a notice; outputs are null there', async () => {
    const v: Array<number | null> = spikySeries(200, 150);
    v[40] = null;
    v[41] = NaN;
    const out = await run([promSeriesFrame(t, v, { instance: 'a' })], zscore);
    const [input, [added]] = [out[0], addedFrames(out)];
    expect(notices(input)).toMatch(/2 of 200 points are missing/);
    expect(valuesOf(added, 'score')[40]).toBeNull();
    expect(valuesOf(added, 'score')[41]).toBeNull();
    expect(valuesOf(added, 'score')[42]).not.toBeNull();
  });

  it('too few points for the warm-up', async () => {
    const few = minuteTimes(10);
    const [out] = await run([promSeriesFrame(few, spikySeries(10, 5), { instance: 'a' })], zscore);
    expect(notices(out)).toMatch(/zscore needs 30 valid points .* has 10/);
    expect(field(out, 'Value').values).toHaveLength(10);
  });

  it('infinite values and unordered times: a per-series notice, other series still analysed', async () => {
    const bad = spikySeries(200, 150);
    bad[10] = Infinity;
    const shuffled = [...t].reverse();
    const out = await run(
      [
        promSeriesFrame(t, bad, { instance: 'inf' }),
        promSeriesFrame(shuffled, spikySeries(200, 150), { instance: 'desc' }),
        promSeriesFrame(t, spikySeries(200, 150), { instance: 'ok' }),
      ],
      zscore
    );
    expect(notices(out[0])).toMatch(/Infinity/);
    expect(names(out[0])).toEqual(['Time', 'Value']);
    expect(notices(out[1])).toMatch(/ascending/);
    // Only the third series was analysed: its added frames come after the three input frames.
    expect(out).toHaveLength(5);
    expect(out[3].fields[1].labels).toEqual({ instance: 'ok' });
    expect(names(out[3])).toContain('upper');
    expect(names(out[4])).toEqual(['Time', 'anomaly']);
  });

  it('a multivariate detector without a band says it lacks rows where the fields have values together', async () => {
    // Each field has 100 points, more than the warm-up, but never at the same time as the other two.
    const only = (from: number, to: number) => spikySeries(300, -1).map((x, i) => (i >= from && i < to ? x : null));
    const tt = minuteTimes(300);
    const frames = [
      promSeriesFrame(tt, only(0, 100), { pod: 'a' }, { legend: 'a' }),
      promSeriesFrame(tt, only(100, 200), { pod: 'b' }, { legend: 'b' }),
      promSeriesFrame(tt, only(200, 300), { pod: 'c' }, { legend: 'c' }),
    ];
    const out = await run(frames, { detector: 'isolation_forest' });
    const all = out.map(notices).join('\n');
    expect(all).toContain(
      'isolation_forest scores the 3 fields together and needs 256 rows where they have values at the same time before its first band; they have values together in 0 of 300 rows (values per field: "a" 100, "b" 100, "c" 100)'
    );
    expect(all).not.toMatch(/needs \d+ valid points before its first band and this series has/);
  });

  it('a multivariate detector with too few series', async () => {
    const out = await run([promSeriesFrame(t, spikySeries(200, 1), { pod: 'a' })], { detector: 'peer_outlier' });
    expect(names(out[0])).toEqual(['Time', 'Value']);
    expect(notices(out[0])).toMatch(/Add series or pick another detector/);
  });
});
