import { DataFrame, standardTransformersRegistry, transformDataFrame } from '@grafana/data';
import { firstValueFrom } from 'rxjs';
import { COMMON_PARAM_NAMES } from '../detectors';
import { close, loadVectorFiles, VectorOutputs, VectorSeries } from '../detectors/testing/vectors';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import { registerAnomalyTransformation } from './registerCodeSplit';
import { addedFrames, coreItems, promSeriesFrame } from './testing/promFrames';

/**
 * The shared vectors (testdata/detectors), which hold the Go backend to the same numbers, pushed through the whole
 * transformation: Prometheus frames in, fields out. Proves the adapter loses nothing between frames and detectors.
 */
standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
registerAnomalyTransformation();

const COMMON = COMMON_PARAM_NAMES;

function optionsFor(detector: string, params: Record<string, unknown>) {
  const own = Object.fromEntries(Object.entries(params).filter(([k]) => !COMMON.includes(k)));
  return {
    detector,
    params: own,
    sensitivity: params.sensitivity,
    direction: params.direction ?? 'both',
    minConsecutive: params.minConsecutive ?? 1,
  };
}

const toFrame = (s: VectorSeries, i: number) =>
  promSeriesFrame(
    s.t,
    s.v.map((x) => (Number.isNaN(x) ? null : x)),
    { series: String(i) }
  );

function expectClose(got: unknown[], want: number[], tol: { abs: number; rel: number }, what: string) {
  const bad = want.findIndex((w, i) => !close(got[i] == null ? NaN : (got[i] as number), w, tol));
  expect({ what, index: bad, got: got[bad], want: want[bad] }).toEqual({
    what,
    index: -1,
    got: undefined,
    want: undefined,
  });
}

for (const file of loadVectorFiles()) {
  const cases = file.cases.filter(
    (c) =>
      !('error' in c.expected) &&
      !(Array.isArray(c.input) ? c.input : [c.input]).some((s) =>
        s.v.some((x) => !Number.isFinite(x) && !Number.isNaN(x))
      )
  );
  describe(`vectors through the transformation: ${file.detector}`, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const inputs = Array.isArray(c.input) ? c.input : [c.input];
      const wants = (Array.isArray(c.expected) ? c.expected : [c.expected]) as VectorOutputs[];
      const tol = c.tolerance ?? file.tolerance;
      const out: DataFrame[] = await firstValueFrom(
        transformDataFrame(
          [{ id: ANOMALY_TRANSFORMATION_ID, options: optionsFor(file.detector, c.params) }],
          inputs.map(toFrame)
        )
      );
      // The input frames, then the added fields of every input series that has points.
      const added = addedFrames(out.slice(inputs.length));
      expect(added).toHaveLength(inputs.filter((s) => s.t.length > 0).length);
      inputs.forEach((s, i) => {
        const frame = s.t.length > 0 ? added.shift()! : { fields: [] as DataFrame['fields'] };
        expect(out[i].meta?.notices?.filter((n) => n.severity !== 'info') ?? []).toEqual([]);
        // Array.from: no value is a hole or null in a field (see float64ToValues); both read as == null.
        const get = (name: string) => Array.from(frame.fields.find((f) => f.name === name)?.values ?? []);
        const want = wants[i];
        expectClose(get('expected'), want.expected, tol, 'expected');
        expectClose(get('lower'), want.lower, tol, 'lower');
        expectClose(get('upper'), want.upper, tol, 'upper');
        expectClose(get('score'), want.score, tol, 'score');
        expect(get('anomaly').map((x) => x != null)).toEqual(want.anomaly);
      });
    });
  });
}
