import { autoParams } from './auto';
import { resolveDetectorParams, runDetector } from './registry';

// Found by FuzzAuto (pkg/detectors/testdata/fuzz/FuzzAuto/bdc40f84a6e060d4): daily samples with a 32-day cycle
// made auto pick a season longer than the ensemble's longest period (31 days); Go panicked on it.
describe('auto on a season longer than 31 days', () => {
  const n = 316;
  const t = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + 86_400_000 * (i + 1));
  const v = Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin(i / 5.3)); // period 10.6π ≈ 33.3 days
  it('uses no season and scores the series', () => {
    expect(autoParams({ t, v }, resolveDetectorParams('auto', {})).period).toBe(0);
    const [r] = runDetector('auto', [{ t, v }], {});
    expect(r.score.some((s) => !Number.isNaN(s))).toBe(true);
  });
});
