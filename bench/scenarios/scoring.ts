/**
 * Event-level scoring of a detector's flags against labelled windows.
 *
 * - A labelled anomaly [start, end] is detected when any flagged point lies in [start, end + tolerance];
 *   its delay is the index of the first such point minus start.
 * - A flagged run (maximal run of consecutive flagged points) that touches no [start, end + tolerance] is one
 *   false positive, however long it is.
 * - precision = detected / (detected + false positives), recall = detected / labelled, F1 their harmonic mean.
 * - coverage of a detected anomaly = the share of its first `limit` points (all of them if it is shorter) that
 *   are flagged: how long the flag stays raised while a sustained anomaly lasts, up to the detector's
 *   adaptation time.
 */
export interface Window {
  start: number;
  end: number;
}

export interface EventCounts {
  labelled: number;
  detected: number;
  falsePositives: number;
  /** Delay in points of each detected anomaly. */
  delays: number[];
  /** Coverage of each detected anomaly (see above). */
  coverages: number[];
}

export function scoreEvents(
  flags: ArrayLike<number>,
  windows: readonly Window[],
  tolerance: number,
  limit = Infinity
): EventCounts {
  const n = flags.length;
  const inWindow = new Uint8Array(n);
  for (const w of windows) {
    inWindow.fill(1, Math.max(0, w.start), Math.min(n, w.end + tolerance + 1));
  }
  let falsePositives = 0;
  for (let i = 0; i < n;) {
    if (!flags[i]) {
      i++;
      continue;
    }
    let touches = false;
    for (; i < n && flags[i]; i++) {
      touches ||= inWindow[i] === 1;
    }
    if (!touches) {
      falsePositives++;
    }
  }
  const delays: number[] = [];
  const coverages: number[] = [];
  for (const w of windows) {
    const last = Math.min(n - 1, w.end + tolerance);
    for (let i = Math.max(0, w.start); i <= last; i++) {
      if (flags[i]) {
        delays.push(i - w.start);
        const end = Math.min(w.end, w.start + limit - 1, n - 1);
        let flagged = 0;
        for (let j = w.start; j <= end; j++) {
          flagged += flags[j] ? 1 : 0;
        }
        coverages.push(flagged / (end - w.start + 1));
        break;
      }
    }
  }
  return { labelled: windows.length, detected: delays.length, falsePositives, delays, coverages };
}

export function addCounts(into: EventCounts, c: EventCounts): void {
  into.labelled += c.labelled;
  into.detected += c.detected;
  into.falsePositives += c.falsePositives;
  into.delays.push(...c.delays);
  into.coverages.push(...c.coverages);
}

export function emptyCounts(): EventCounts {
  return { labelled: 0, detected: 0, falsePositives: 0, delays: [], coverages: [] };
}

export interface Metrics {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  medianDelay: number | null;
  /** Mean coverage of the detected anomalies; null when none was detected. */
  coverage: number | null;
}

/** Precision, recall, F1 and median delay; null where undefined (nothing flagged, nothing labelled). */
export function metricsOf(c: EventCounts): Metrics {
  const flagged = c.detected + c.falsePositives;
  const precision = flagged > 0 ? c.detected / flagged : null;
  const recall = c.labelled > 0 ? c.detected / c.labelled : null;
  const f1 =
    precision !== null && recall !== null
      ? precision + recall > 0
        ? (2 * precision * recall) / (precision + recall)
        : 0
      : null;
  const coverage = c.coverages.length ? c.coverages.reduce((a, b) => a + b, 0) / c.coverages.length : null;
  return { precision, recall, f1, medianDelay: median(c.delays), coverage };
}

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) {
    return null;
  }
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
