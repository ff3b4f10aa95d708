import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { Resolution } from './resolution';
import { emptyResult, scoreAgainstBand } from './result';
import { StepEstimate } from './step';
import { CLIP_SPREADS } from './zscore';
import { DetectionResult, Params, Series } from './types';

/**
 * `level_shift`: sudden level or slope changes, by a two-window comparison in time.
 *
 * With S the series step (the median of its first gaps, step.ts), w = `window` and r = `recent`, for the valid
 * point i (NaN points skipped):
 *   recent    R = i and the valid points before it with t > t_i − r·S, at most r points (the newest);
 *   reference F = the valid points before those with t > t_i − (w + r)·S, at most w (the newest);
 *   a + b·u   = the least-squares line of F over u = (t − t_i)/S (elapsed steps, so a gap is a gap, not adjacent
 *               points), fitted to F's entries (see below);
 *   expected_i = a (the line extrapolated to t_i),  spread = max(√(Σ residual² / (|F| − 2)), floor(expected_i))
 *               (resolution.ts);  lower_i/upper_i = expected_i ∓ sensitivity·spread;
 *   level_i  = expected_i + mean over R of (value − line)   (the recent window's mean offset);
 *   score_i  = the level scored against the band with the shared scoreAgainstBand: 1 = the recent window's mean
 *              offset from the line reaches the band edge.
 * On a regular series F is the w points before the r newest, as index windows would be. A persistent shift of
 * size D moves the mean offset by D·(shifted points)/r, so a shift of a few band half-widths is flagged after a
 * few points; a lone spike of size D only moves it by D/r. When a slope changes, the points drift away from the
 * extrapolated line, which scores the same way.
 *
 * Robust update: a point that got a band enters F later clipped to expected ± 3·spread (its own band at the time
 * it was scored), so a spike in the reference neither tilts the line nor widens the spread beyond a point on the
 * default band's edge; the recent window uses the values as they are (that is where a shift shows). A level
 * shift therefore stays flagged until the clipped points have carried the line over (longer than without
 * clipping). Warm-up in time: an output once the series has been seen for (w + r − 1)·S and F holds at least
 * max(3, ceil(w/2)) points; after a gap longer than the windows the detector warms up again.
 *
 * Cost: O(n·(w + r)) time (the line is refitted from its points at every point: exact, and cheap for windows of
 * tens to hundreds of points), O(w + r) memory plus one n-sized level array. The loop is hand-written:
 * simple-statistics fits lines to whole arrays, not sliding windows.
 *
 * @example
 * const t = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
 * const v = [10, 12, 11, 10, 12, 11, 10, 18, 19, 18];
 * const [r] = runDetector('level_shift', [{ t, v }], { window: 5, recent: 2, sensitivity: 3 });
 * // r.expected → [NaN ×6, 11.8000, 10.8000, 10.4000, 13.4460]
 * // r.lower    → [NaN ×6, 8.5137, 7.9540, 7.5540, 8.9765]
 * // r.upper    → [NaN ×6, 15.0863, 13.6460, 13.2460, 17.9156]
 * // r.score    → [NaN ×6, 0.3651, 1.1068, 2.8285, 1.1899]   (the shift to 18 flagged at once: the recent
 * //                                                            mean (10 + 18) / 2 is off the line by more than
 * //                                                            the half-width; still flagged at 9: the first 18
 * //                                                            entered the reference clipped to its band)
 * // r.anomaly  → [0 ×6, 0, 1, 1, 1];  r.warmup → 6
 * // (the same numbers as ExampleLevelShift in pkg/detectors and the doc_example vector case)
 */
export const levelShift: DetectorDefinition = {
  id: 'level_shift',
  name: 'Level shift',
  description: 'Compares the last few points with the trend line of the window before them; for sudden steps.',
  multivariate: false,
  params: [
    {
      name: 'window',
      type: 'int',
      default: 60,
      min: 3,
      max: 100000,
      description:
        'Steps of time (points at the series step) in the reference window whose trend line gives the expected value.',
    },
    {
      name: 'recent',
      type: 'int',
      default: 5,
      min: 1,
      max: 1000,
      description: 'Latest steps of time (the current point included) whose mean offset from the trend line is scored.',
    },
    ...commonParams({ description: 'Band half-width in residual standard deviations of the reference trend line.' }),
  ],
  warmup: (p) => (p.window as number) + (p.recent as number) - 1,
  detect: detectLevelShift,
};

function detectLevelShift(series: Series, p: Params): DetectionResult {
  const w = p.window as number;
  const rc = p.recent as number;
  const k = p.sensitivity as number;
  const { t, v } = series;
  const n = v.length;
  const cap = w + rc - 1; // entries kept before the current point
  const r = emptyResult(n, w + rc - 1);
  const level = new Float64Array(n).fill(NaN);
  const minReference = Math.max(3, Math.ceil(w / 2));
  // The last `cap` valid points before i, oldest at head: time, value, and value as the reference uses it.
  const ringT = new Float64Array(cap);
  const ringY = new Float64Array(cap);
  const ringC = new Float64Array(cap);
  const steps = new StepEstimate();
  const res = new Resolution();
  let head = 0;
  let count = 0;
  let first = NaN;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (Number.isNaN(first)) {
      first = t[i];
    }
    const S = steps.add(t[i]);
    let entry = x;
    if (S > 0 && t[i] - first >= (w + rc - 1) * S) {
      // Walk back from the newest entry: up to rc − 1 recent ones, then up to w reference ones.
      let j = count - 1;
      let nRecent = 1;
      let recentSum = x;
      let recentU = 0;
      while (j >= 0 && nRecent < rc) {
        const q = (head + j) % cap;
        if (!(ringT[q] > t[i] - rc * S)) {
          break;
        }
        recentSum += ringY[q];
        recentU += (ringT[q] - t[i]) / S;
        nRecent++;
        j--;
      }
      const refEnd = j; // reference = entries refStart..refEnd
      let refStart = refEnd + 1;
      while (refStart > 0 && refEnd - refStart + 1 < w && ringT[(head + refStart - 1) % cap] > t[i] - (w + rc) * S) {
        refStart--;
      }
      const m = refEnd - refStart + 1;
      if (m >= minReference) {
        let meanU = 0;
        let meanY = 0;
        for (let a = refStart; a <= refEnd; a++) {
          const q = (head + a) % cap;
          meanU += (ringT[q] - t[i]) / S;
          meanY += ringC[q];
        }
        meanU /= m;
        meanY /= m;
        let suu = 0;
        let suy = 0;
        for (let a = refStart; a <= refEnd; a++) {
          const q = (head + a) % cap;
          const du = (ringT[q] - t[i]) / S - meanU;
          suu += du * du;
          suy += du * (ringC[q] - meanY);
        }
        const slope = suy / suu;
        const intercept = meanY - slope * meanU;
        let sse = 0;
        for (let a = refStart; a <= refEnd; a++) {
          const q = (head + a) % cap;
          const d = ringC[q] - (intercept + slope * ((ringT[q] - t[i]) / S));
          sse += d * d;
        }
        const e = intercept;
        const floor = res.floor(e);
        const sd = Math.sqrt(sse / (m - 2));
        const spread = sd > floor ? sd : floor;
        r.expected[i] = e;
        r.lower[i] = e - k * spread;
        r.upper[i] = e + k * spread;
        level[i] = e + (recentSum - nRecent * intercept - slope * recentU) / nRecent;
        const c = CLIP_SPREADS * spread;
        entry = x < e - c ? e - c : x > e + c ? e + c : x;
      }
    }
    if (count === cap) {
      head = head + 1 === cap ? 0 : head + 1;
      count--;
    }
    const q = (head + count) % cap;
    ringT[q] = t[i];
    ringY[q] = x;
    ringC[q] = entry;
    count++;
    res.add(x);
  }
  // The recent level, not the point, is scored against the point's band; level is NaN exactly where the result
  // has no band or the value is missing, so runs for minConsecutive skip the same points. Physical bounds come
  // from the values.
  return scoreAgainstBand(level, r, p, v);
}
