import { onsetScores, RawParams, runDetector } from '../../src/detectors';
import { DataFile } from './corpus';

/**
 * The product's score s (0 = expected, 1 = band edge, > 1 = anomalous, capped at 100) as a NAB anomaly score in
 * [0, 1]: s/(1 + s). It is monotonic, so NAB's threshold optimisation sees the same ranking, and the product's
 * own decision rule s > 1 becomes anomaly_score > 0.5 — "at the default threshold" means θ = 0.5. Warm-up and
 * missing points (NaN score: the detector says nothing) become 0.
 */
export function toAnomalyScore(s: number): number {
  return Number.isNaN(s) ? 0 : s / (1 + s);
}

/** The anomaly score that corresponds to the product's decision threshold s = 1. */
export const DEFAULT_THRESHOLD = toAnomalyScore(1);

/**
 * Timestamps in Unix ms, forced strictly ascending as the detector contract requires: NAB files repeat a DST hour
 * and have one out-of-order block, so a timestamp not after its predecessor is moved to 1 ms after it. Rows stay
 * in file order (NAB is scored by row), and no other time is changed.
 */
export function ascendingTimes(timestamps: readonly string[]): Float64Array {
  const t = new Float64Array(timestamps.length);
  timestamps.forEach((ts, i) => {
    const ms = Date.parse(ts.replace(' ', 'T') + 'Z');
    if (!Number.isFinite(ms)) {
      throw new Error(`timestamp "${ts}" at row ${i + 2} is not "YYYY-MM-DD HH:MM:SS"`);
    }
    t[i] = i > 0 && ms <= t[i - 1] ? t[i - 1] + 1 : ms;
  });
  return t;
}

/** What the runner writes as anomaly_score: the product's onset signal (the default) or the plain score. */
export type Signal = 'onset' | 'score';

/**
 * Runs a detector over one file in row order and returns one anomaly score per row. The detector sees only
 * timestamps and values — never labels — and is causal, so row i's score depends on rows 0..i only.
 *
 * The signal is the product's own onset signal (onsetScores, the rule behind its events): the score outside
 * anomalies and at the first point of each one, 0 on the later points of an anomaly whose flag is still raised.
 * NAB rewards the first detection in a window and charges every flagged row outside one, so an anomaly is
 * reported once, at its onset, as the product's events and annotations report it; `score` writes the plain score
 * of every row instead (for comparison).
 */
export function detectFile(
  file: DataFile,
  detector: string,
  params: RawParams,
  signal: Signal = 'onset'
): Float64Array {
  const series = { t: ascendingTimes(file.timestamps), v: file.values };
  const [r] = runDetector(detector, [series], params);
  const scores = signal === 'onset' ? onsetScores(series, r) : r.score;
  return Float64Array.from(scores, toAnomalyScore);
}
