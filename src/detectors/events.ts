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

/**
 * Groups anomalous points into events. A run ends at the first scored point that is not anomalous; missing
 * points (NaN value) inside a run are skipped, as the anomaly rules skip them. The peak is the highest score
 * (the earliest on ties).
 */
export function groupEvents(
  series: Series,
  result: DetectionResult,
  seriesLabels: Record<string, string> = {}
): AnomalyEvent[] {
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
    const x = series.v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (!result.anomaly[i]) {
      close();
      continue;
    }
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
