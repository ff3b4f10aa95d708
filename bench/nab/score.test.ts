/** @jest-environment node */
import { evaluate } from './evaluate';
import { baselines } from './normalise';
import { Profile } from './profiles';
import { corpusScore, fileScore, NO_DETECTION, optimiseThreshold, ScoredFile } from './score';
import { MAX_TP, probationLength, scaledSigmoid } from './sigmoid';

const standard: Profile = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const lowFn: Profile = { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 };

/**
 * The small file all hand-worked cases use: 100 rows, so the probation is floor(0.15·100) = 15 rows (0–14), and one
 * window on rows 40–49 (width w = 10). `at` lists the rows that score 1 (detections at any θ ≤ 1); the rest are 0.
 */
type TestFile = ScoredFile & { scores: Float64Array };

function file(at: number[], windows = [{ start: 40, end: 49 }], rows = 100): TestFile {
  const scores = new Float64Array(rows);
  at.forEach((i) => (scores[i] = 1));
  return { key: 'test/file.csv', scores, windows };
}

const close = (got: number, want: number) => expect(got).toBeCloseTo(want, 12);

describe('scaled sigmoid and probation (nab.md 2.2, 2.3)', () => {
  test('constants', () => {
    close(MAX_TP, 0.9866142981514305); // σ(−1) = tanh(2.5)
    close(scaledSigmoid(0), 0);
    close(scaledSigmoid(1), -0.9866142981514305);
    expect(scaledSigmoid(3.0001)).toBe(-1);
  });
  test('probation is 15% rounded down, at most 750 rows', () => {
    expect([100, 1243, 4032, 4999, 5000, 15902].map(probationLength)).toEqual([15, 186, 604, 749, 750, 750]);
  });
});

describe('file score (nab.md 2.4, 2.5), standard profile', () => {
  test('detection on the window’s first row earns exactly tpWeight', () => {
    // y = −(49 − 40 + 1)/10 = −1, v = σ(−1)/σ(−1) = 1.
    close(fileScore(file([40]), standard, 1), 1);
  });

  test('early beats late inside a window; only the earliest detection counts', () => {
    // Row 45: y = −(49 − 45 + 1)/10 = −0.5, σ(−0.5) = tanh(1.25) = 0.8482836400, v = 0.8482836400/0.9866142982
    // = 0.8597925669.
    close(fileScore(file([45]), standard, 1), 0.8597925669097837);
    // Row 49 (last): y = −1/10, v = tanh(0.25)/tanh(2.5) = 0.2449186624/0.9866142982 = 0.2482415498.
    close(fileScore(file([49]), standard, 1), 0.24824154977542992);
    // Rows 40 and 45: the window takes the best (earliest) value, later detections add nothing and cost nothing.
    close(fileScore(file([40, 45, 49]), standard, 1), 1);
  });

  test('a missed window costs fnWeight; no detection at all is −1 here', () => {
    close(fileScore(file([]), standard, 1), -1);
  });

  test('FP right after a window is cheap, far after it costs the full fpWeight', () => {
    // Row 50, one row after the window (ending at 49, width 10): y = (50 − 49)/(10 − 1) = 1/9,
    // σ(1/9) = −tanh(2.5/9) = −0.2708471185, v = 0.11·(−0.2708471185) = −0.0297931830; plus the missed window (−1).
    close(fileScore(file([50]), standard, 1), -1.029793183036839);
    // Row 76: y = 27/9 = 3, σ(3) = −tanh(7.5) = −0.9999993882, v = −0.1099999327; row 77: y > 3, v = −0.11 exactly.
    close(fileScore(file([76]), standard, 1), -1.1099999327015101);
    close(fileScore(file([77]), standard, 1), -1.11);
    // Before any window (row 20): −fpWeight; each FP is charged separately: two of them −0.22.
    close(fileScore(file([20, 21]), standard, 1), -1.22);
  });

  test('the probation period is not scored', () => {
    // Row 14 is the last probationary row: ignored, so the file scores as if nothing fired (−1 for the window).
    close(fileScore(file([14]), standard, 1), -1);
    // Row 15 is the first scored row: an FP before any window, −0.11.
    close(fileScore(file([15]), standard, 1), -1.11);
  });

  test('a window inside the probation is neither TP nor FN, but still weighs the FPs after it', () => {
    const windows = [
      { start: 2, end: 8 },
      { start: 40, end: 49 },
    ];
    // Row 3 sits in the probationary window: ignored; only the scored window's miss (−1) counts.
    close(fileScore(file([3], windows), standard, 1), -1);
    // Row 20: the preceding window is 2–8 (width 7): y = (20 − 8)/(7 − 1) = 2, σ(2) = −tanh(5) = −0.9999092043,
    // v = −0.1099900125; plus the missed window 40–49: −1.1099900125.
    close(fileScore(file([20], windows), standard, 1), -1.1099900124688855);
    // Baselines: null = −1 (one scorable window), perfect = 2 (both windows listed count).
    expect(baselines([file([], windows)], standard)).toEqual({ nullScore: -1, perfect: 2 });
  });

  test('threshold is inclusive: a score equal to θ is a detection', () => {
    const f = file([]);
    f.scores[40] = 0.5;
    close(fileScore(f, standard, 0.5), 1);
    close(fileScore(f, standard, 0.5000001), -1);
  });
});

describe('threshold optimisation and normalisation (nab.md 2.6, 2.7)', () => {
  test('the null detector scores 0 and detects nothing', () => {
    const f = file([]);
    f.scores.fill(0.5);
    const r = evaluate([f, file([], [{ start: 60, end: 69 }])], { standard, lowFn }, 0.5);
    expect(r.standard.optimised).toBe(0);
    expect(r.standard.threshold).toBe(NO_DETECTION);
    expect(r.lowFn.optimised).toBe(0);
  });

  test('a perfect detector (first row of every window) scores 100 under every profile', () => {
    const files = [file([40]), file([60], [{ start: 60, end: 69 }]), file([], [])];
    const r = evaluate(files, { standard, lowFn }, 0.5);
    close(r.standard.optimised, 100);
    close(r.lowFn.optimised, 100);
    expect(r.standard.threshold).toBe(1);
  });

  test('the sweep picks the best threshold, and the higher one on a tie', () => {
    const f = file([]);
    f.scores[45] = 0.9; // in the window: v = 0.8597925669
    f.scores[46] = 0.7; // later in the same window: adds nothing, so S(0.7) = S(0.9) — a tie
    f.scores[60] = 0.6; // FP: y = 11/9, σ = −tanh(3.0556) = −0.9955736482, v = −0.1095131013
    // S(1.1) = −1, S(0.9) = S(0.7) = 0.8597925669, S(0.6) = 0.8597925669 − 0.1095131013 = 0.7502794656.
    const best = optimiseThreshold([f], standard);
    expect(best.threshold).toBe(0.9);
    close(best.score, 0.8597925669097837);
    // Normalised: standard 100·(0.8597925669 + 1)/(1 + 1) = 92.9896283455;
    // low-FN (null −2, perfect 1): 100·(0.8597925669 + 2)/3 = 95.3264188970.
    const r = evaluate([f], { standard, lowFn }, 0.6);
    close(r.standard.optimised, 92.98962834548918);
    close(r.lowFn.optimised, 95.32641889699279);
    // At the fixed threshold 0.6 the FP counts: 100·(0.7502794656 + 1)/2 = 87.5139732803.
    close(r.standard.atDefault, 87.5139732803043);
  });

  test('the sweep finds the same optimum as scoring every candidate threshold', () => {
    // A seeded pseudo-random corpus: 3 files, windows of different widths, scores on a coarse grid (many ties).
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const files: TestFile[] = [
      { start: 300, end: 339 },
      { start: 500, end: 519 },
    ].map((w, k) => ({
      key: `f${k}`,
      scores: Float64Array.from({ length: 800 }, () => Math.round(random() * 50) / 50),
      windows: [w, { start: 700, end: 760 }],
    }));
    const candidates = [NO_DETECTION, ...new Set(files.flatMap((f) => Array.from(f.scores.slice(120))))];
    for (const profile of [standard, lowFn]) {
      const brute = Math.max(...candidates.map((t) => corpusScore(files, profile, t)));
      const best = optimiseThreshold(files, profile);
      close(best.score, brute);
      close(corpusScore(files, profile, best.threshold), brute);
    }
  });
});
