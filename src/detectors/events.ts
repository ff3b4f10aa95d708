import { DetectionResult, Series } from './types';

export type EventDirection = 'up' | 'down' | 'mixed';

/** Contiguous anomalous points of one series (docs/detection-contract.md, "Events"). Times are Unix ms. */
export interface AnomalyEvent {
  seriesLabels: Record<string, string>;
  start: number;
  end: number;
  peakTime: number;
  peakValue: number;
  /** NaN for detectors without an expected value (isolation forest); their events say direction "mixed". */
  expectedAtPeak: number;
  maxScore: number;
  direction: EventDirection;
  points: number;
}

/** eventStarts marks points outside every event with this, and missing points with MISSING. */
export const NO_EVENT = -1;
export const MISSING = -2;

/**
 * The event each point belongs to, by the index of the event's first point (NO_EVENT outside events, MISSING at
 * missing values). An event is a run of anomalous points: it ends at the first scored point that is not
 * anomalous; missing points (NaN value) inside a run are skipped, as the anomaly rules skip them. The one rule
 * behind groupEvents (the events of panels, annotations and alerts) and onsetScores (the onset signal).
 */
export function eventStarts(v: ArrayLike<number>, anomaly: ArrayLike<number>): Int32Array {
  const out = new Int32Array(v.length);
  let start = NO_EVENT;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) {
      out[i] = MISSING;
      continue;
    }
    start = anomaly[i] ? (start === NO_EVENT ? i : start) : NO_EVENT;
    out[i] = start;
  }
  return out;
}

/**
 * The onset signal: the score where nothing is going on or an event starts, 0 on the later points of an event
 * (NaN where the score is). One number per anomaly however long it lasts: the signal for a benchmark or a rule
 * that should count an anomaly once at its start (bench/nab writes it; BENCHMARKS.md), while the flag and the
 * score stay raised for as long as the anomaly lasts.
 */
export function onsetScores(series: Series, result: DetectionResult): Float64Array {
  const starts = eventStarts(series.v, result.anomaly);
  const out = new Float64Array(starts.length);
  for (let i = 0; i < starts.length; i++) {
    out[i] = starts[i] === MISSING ? NaN : starts[i] === NO_EVENT || starts[i] === i ? result.score[i] : 0;
  }
  return out;
}

/**
 * Groups anomalous points into events (eventStarts). The peak is the highest score (the earliest on ties).
 */
export function groupEvents(
  series: Series,
  result: DetectionResult,
  seriesLabels: Record<string, string> = {}
): AnomalyEvent[] {
  const starts = eventStarts(series.v, result.anomaly);
  const events: AnomalyEvent[] = [];
  let current: AnomalyEvent | undefined;
  let ups = 0;
  let downs = 0;
  const close = () => {
    if (current) {
      current.direction = ups && downs ? 'mixed' : downs ? 'down' : ups ? 'up' : 'mixed';
      events.push(current);
      current = undefined;
    }
  };
  for (let i = 0; i < series.t.length; i++) {
    if (starts[i] === MISSING) {
      continue;
    }
    if (starts[i] === NO_EVENT || starts[i] === i) {
      close();
    }
    if (starts[i] === NO_EVENT) {
      continue;
    }
    const x = series.v[i];
    const t = series.t[i];
    const e = result.expected[i];
    const s = result.score[i];
    if (!current) {
      current = {
        seriesLabels,
        start: t,
        end: t,
        peakTime: t,
        peakValue: x,
        expectedAtPeak: e,
        maxScore: s,
        direction: 'up',
        points: 0,
      };
      ups = 0;
      downs = 0;
    }
    current.end = t;
    current.points++;
    if (x < e) {
      downs++;
    } else if (x > e) {
      ups++;
    }
    if (s > current.maxScore) {
      current.peakTime = t;
      current.peakValue = x;
      current.expectedAtPeak = e;
      current.maxScore = s;
    }
  }
  close();
  return events;
}
