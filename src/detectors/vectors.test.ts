/**
 * @jest-environment node
 */
import { DetectorError } from './errors';
import { DETECTORS, runDetector } from './registry';
import { DetectionResult } from './types';
import { close, loadVectorFiles, VectorOutputs, VectorSeries } from './testing/vectors';

const files = loadVectorFiles();

describe('vector files', () => {
  it('exist for every registered detector, and name only registered detectors', () => {
    const ids = DETECTORS.map((d) => d.id).sort();
    expect(files.map((f) => f.detector).sort()).toEqual(ids);
    for (const f of files) {
      expect(f.file).toBe(`${f.detector}.json`);
      expect(f.source.length).toBeGreaterThan(20);
    }
  });
});

function firstMismatch(
  got: DetectionResult,
  want: VectorOutputs,
  tol: { abs: number; rel: number }
): string | undefined {
  for (const key of ['expected', 'lower', 'upper', 'score'] as const) {
    if (got[key].length !== want[key].length) {
      return `${key}: length ${got[key].length}, want ${want[key].length}`;
    }
    for (let i = 0; i < want[key].length; i++) {
      if (!close(got[key][i], want[key][i], tol)) {
        return `${key}[${i}] = ${got[key][i]}, want ${want[key][i]}`;
      }
    }
  }
  for (let i = 0; i < want.anomaly.length; i++) {
    if (Boolean(got.anomaly[i]) !== want.anomaly[i]) {
      return `anomaly[${i}] = ${Boolean(got.anomaly[i])}, want ${want.anomaly[i]}`;
    }
  }
  if (got.anomaly.length !== want.anomaly.length) {
    return `anomaly: length ${got.anomaly.length}, want ${want.anomaly.length}`;
  }
  if (want.warmup !== undefined && got.warmup !== want.warmup) {
    return `warmup = ${got.warmup}, want ${want.warmup}`;
  }
  return undefined;
}

function copySeries(s: VectorSeries): VectorSeries {
  return { t: [...s.t], v: [...s.v] };
}

for (const file of files) {
  describe(`${file.detector} vectors`, () => {
    it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const inputs = Array.isArray(c.input) ? c.input : [c.input];
      // Typed arrays, as the transformation passes them; copies kept to prove the input is not mutated.
      const typed = inputs.map((s) => ({ t: Float64Array.from(s.t), v: Float64Array.from(s.v) }));
      const before = inputs.map(copySeries);
      const run = () => runDetector(file.detector, typed, c.params);
      if ('error' in c.expected) {
        let err: unknown;
        try {
          run();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(DetectorError);
        expect((err as DetectorError).code).toBe(c.expected.error);
        expect((err as DetectorError).message.length).toBeGreaterThan(10);
        return;
      }
      const got = run();
      const wants = Array.isArray(c.expected) ? c.expected : [c.expected];
      expect(got).toHaveLength(wants.length);
      const tol = c.tolerance ?? file.tolerance;
      wants.forEach((want, i) => expect(firstMismatch(got[i], want, tol)).toBeUndefined());
      typed.forEach((s, i) => {
        expect(Array.from(s.t)).toEqual(before[i].t);
        expect(Array.from(s.v)).toEqual(before[i].v);
      });
      // Plain arrays give the same result as typed arrays.
      const plain = runDetector(file.detector, inputs.map(copySeries), c.params);
      plain.forEach((r, i) => expect(firstMismatch(r, wants[i], tol)).toBeUndefined());
    });
  });
}
