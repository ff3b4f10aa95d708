/**
 * @jest-environment node
 */
import { DetectorError } from './errors';
import { withCommonOptions } from './params';
import { getDetector, prepareDetector, runDetector } from './registry';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DetectorError).code;
  }
  return undefined;
};

describe('prepareDetector', () => {
  it('looks up and resolves once, then runs like runDetector', () => {
    const p = prepareDetector('zscore', { window: 5 });
    expect(p.definition).toBe(getDetector('zscore'));
    expect(p.params).toMatchObject({ window: 5, sensitivity: 3, direction: 'both', minConsecutive: 1 });
    expect(p.warmup).toBe(5);
    const s = { t: [0, 1, 2, 3, 4, 5, 6, 7], v: [1, 2, 1, 2, 1, 2, 9, 1] };
    const got = p.runOne(s);
    expect(got).toEqual(runDetector('zscore', [s], { window: 5 })[0]);
    expect(got.anomaly[6]).toBe(1);
  });

  it('throws typed errors: unknown detector, bad parameter, a rule between parameters, bad series', () => {
    expect(codeOf(() => prepareDetector('prophet'))).toBe('unknown_detector');
    expect(codeOf(() => prepareDetector('zscore', { window: 1 }))).toBe('invalid_param');
    expect(codeOf(() => prepareDetector('zscore', { halfLife: 3 }))).toBe('invalid_param');
    expect(codeOf(() => prepareDetector('ensemble', { period: 30 }))).toBe('invalid_param');
    const peers = prepareDetector('peer_outlier');
    expect(codeOf(() => peers.runOne({ t: [0], v: [1] }))).toBe('too_few_series');
    expect(codeOf(() => peers.run([{ t: [1, 0], v: [1, 2] }]))).toBe('invalid_input');
  });
});

describe('withCommonOptions', () => {
  it('lays the set common options over the params and leaves unset ones to the params', () => {
    const params = { window: 30, sensitivity: 2, direction: 'down' };
    expect(withCommonOptions(params, { sensitivity: 4, direction: null, minConsecutive: 3 })).toEqual({
      window: 30,
      sensitivity: 4,
      direction: 'down',
      minConsecutive: 3,
    });
    expect(params).toEqual({ window: 30, sensitivity: 2, direction: 'down' });
    expect(withCommonOptions(undefined, {})).toEqual({});
  });
});
