import { DetectorDefinition } from './detector';
import { commonParams } from './params';
import { emptyResult, scoreAgainstBand } from './result';
import { DetectionResult, Params, Series } from './types';

/**
 * `level_shift`: sudden level or slope changes, by a two-window comparison.
 *
 * Over the valid points (NaN points skipped), for the point i at valid position j, with w = `window` and
 * r = `recent`:
 *   reference = the w valid values ending r positions before j, at x = 0 … w − 1;
 *   recent    = the r valid values ending at j (i included), at x = w … w + r − 1;
 *   a + b·x   = the least-squares line of the reference;
 *   expected_i = a + b·(w − 1 + r)  (the line extrapolated to i),  spread = √(Σ residual² / (w − 2));
 *   lower_i/upper_i = expected_i ∓ sensitivity·spread   (a band on the point scale, around i's expected value);
 *   level_i  = expected_i + mean over the recent window of (value − line)   (the recent window's mean offset);
 *   score_i  = the level scored against the band with the shared scoreAgainstBand: 1 = the recent window's mean
 *              offset from the line reaches the band edge.
 * A persistent shift of size D moves the mean offset by D·(shifted points)/r, so a shift of a few band half-widths
 * is flagged after a few points; a lone spike of size D only moves it by D/r (r times less than the point's own
 * score — a z-score-like detector would score the spike itself). When a slope changes, the points drift away from
 * the extrapolated line, which scores the same way. After a shift enters the reference window the line tilts and
 * its residuals widen, so flags stop after about r + a few points; no extra rule is needed for that.
 *
 * The line is OLS rather than median + Theil–Sen: OLS level and slope come from running sums in O(1) per point
 * (Theil–Sen is O(w²)), and the recent mean offset is linear in the line, so it is O(1) too — a median of the
 * offsets would need a re-sort each point because the line moves. A spike inside the reference moves the line by
 * only spike/w but widens the spread (as in zscore).
 *
 * x counts valid points, not time: a NaN gap or a missing timestamp is bridged as if its neighbours were adjacent
 * (the usual Prometheus step is regular, so this equals time there).
 *
 * Warm-up: w + r − 1 valid points. Constant series: running sums are of (x − K) with K a recent value, so a
 * constant gives exactly zero slope, spread and offset: a zero-width band and score 0 (the shared scoring caps a
 * point off a zero-width band at 100). Cost: O(n) time, O(w + r) memory plus one n-sized level array; the sums
 * are recomputed from the ring every w + r points (amortised O(1)), re-anchoring K, so rounding does not drift
 * on long series. The loop is hand-written: simple-statistics fits lines to whole arrays, not sliding windows.
 *
 * @example
 * const t = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
 * const v = [10, 12, 11, 10, 12, 11, 10, 18, 19, 18];
 * const [r] = runDetector('level_shift', [{ t, v }], { window: 5, recent: 2, sensitivity: 3 });
 * // r.expected → [NaN ×6, 11.8000, 10.8000, 10.4000, 17.8000]
 * // r.lower    → [NaN ×6, 8.5137, 7.9540, 7.5540, 9.1052]
 * // r.upper    → [NaN ×6, 15.0863, 13.6460, 13.2460, 26.4948]
 * // r.score    → [NaN ×6, 0.3651, 1.1068, 2.8285, 0.1610]   (the shift to 18 flagged at once: the recent
 * //                                                            mean (10 + 18) / 2 is off the line by more than
 * //                                                            the half-width; 0.16 once the shift is in the
 * //                                                            reference and the band widens)
 * // r.anomaly  → [0 ×6, 0, 1, 1, 0];  r.warmup → 6
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
      description: 'Points in the reference window whose trend line gives the expected value.',
    },
    {
      name: 'recent',
      type: 'int',
      default: 5,
      min: 1,
      max: 1000,
      description: 'Latest points (the current one included) whose mean offset from the trend line is scored.',
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
  const v = series.v;
  const n = v.length;
  const span = w + rc;
  const r = emptyResult(n, span - 1);
  const level = new Float64Array(n).fill(NaN);
  // The last `span` valid values, raw; when full, ring[head] is the oldest. Reference = the oldest w, recent =
  // the newest rc.
  const ring = new Float64Array(span);
  let head = 0;
  let count = 0;
  // Sums of (value − anchor): reference Σy, Σy², Σx·y with x = 0 … w − 1 oldest first; recent Σy.
  let anchor = 0;
  let sy = 0;
  let syy = 0;
  let sxy = 0;
  let sr = 0;
  const xMean = (w - 1) / 2;
  const sxxCentred = (w * (w * w - 1)) / 12;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (count === span) {
      // Slide: the oldest value leaves the reference, the oldest recent value joins it at x = w − 1, x enters.
      const oldest = ring[head] - anchor;
      const moving = ring[(head + w) % span] - anchor;
      sy -= oldest;
      syy -= oldest * oldest;
      sxy -= sy;
      sy += moving;
      syy += moving * moving;
      sxy += (w - 1) * moving;
      sr += x - anchor - moving;
    } else {
      count++;
    }
    ring[head] = x;
    head = head + 1 === span ? 0 : head + 1;
    if (count < span) {
      continue;
    }
    if (head === 0) {
      // The ring is in age order: recompute the sums, anchored at the newest value (bounds rounding drift).
      anchor = x;
      sy = 0;
      syy = 0;
      sxy = 0;
      sr = 0;
      for (let a = 0; a < w; a++) {
        const d = ring[a] - anchor;
        sy += d;
        syy += d * d;
        sxy += a * d;
      }
      for (let a = w; a < span; a++) {
        sr += ring[a] - anchor;
      }
    }
    const yMean = sy / w;
    const sxyCentred = sxy - xMean * sy;
    const slope = sxyCentred / sxxCentred;
    const intercept = yMean - slope * xMean;
    const sse = Math.max(0, syy - sy * yMean - slope * sxyCentred);
    const spread = Math.sqrt(sse / (w - 2));
    const e = intercept + slope * (w - 1 + rc) + anchor;
    const offset = sr / rc - (intercept + slope * (w + (rc - 1) / 2));
    r.expected[i] = e;
    r.lower[i] = e - k * spread;
    r.upper[i] = e + k * spread;
    level[i] = e + offset;
  }
  // The recent level, not the point, is scored against the point's band; level is NaN exactly where the result
  // has no band or the value is missing, so runs for minConsecutive skip the same points.
  return scoreAgainstBand(level, r, p);
}
