import type { MetricKind, Resource } from './metricKind';

/**
 * Inputs and outputs of the evidence module. Everything here is plain data (no Grafana or React types), so the
 * panel, the data source's annotations, the reports and the command line share it.
 */

/** One analysed series: values and the detector's outputs, aligned by index; times in Unix ms, NaN = none. */
export interface ExplainSeries {
  /** Unique within a panel or run, e.g. "A/api /checkout". */
  key: string;
  /** Display name (legend). */
  name: string;
  /** Query the series came from (groups series for co-occurrence and multivariate contribution). */
  refId?: string;
  labels: Record<string, string>;
  t: ArrayLike<number>;
  v: ArrayLike<number>;
  expected?: ArrayLike<number>;
  lower?: ArrayLike<number>;
  upper?: ArrayLike<number>;
  score?: ArrayLike<number>;
  /** 1 where the point is anomalous. */
  anomaly?: ArrayLike<number>;
}

/** One entry of a multivariate event's contribution list (detectors' `contributions`, the events frame field). */
export interface ContributionEntry {
  series: string;
  share: number;
  deviation: number;
}

/** An anomaly event: from a Vigil `events` frame, or grouped from a series' anomaly flags. Times in Unix ms. */
export interface ExplainEvent {
  id: string;
  seriesKey: string;
  seriesName: string;
  refId?: string;
  labels: Record<string, string>;
  start: number;
  end: number;
  peakTime: number;
  peakValue: number;
  /** NaN for detectors without an expected value (isolation forest). */
  expectedAtPeak: number;
  maxScore: number;
  direction: 'up' | 'down' | 'mixed';
  points: number;
  detector?: string;
  contribution?: ContributionEntry[];
  /** Where the event came from: the backend's events table, or the series' anomaly fields. */
  source: 'events' | 'series';
}

/** What is known about the query that produced a series: its PromQL and detector. */
export interface QueryInfo {
  refId?: string;
  expr?: string;
  detector?: string;
  params?: Record<string, unknown>;
}

/** The shape of a deviation (see shape.ts for the rules that decide it). */
export type Shape =
  'spike' | 'dip' | 'level_shift' | 'drift' | 'variance_change' | 'flat_line' | 'seasonal_break' | 'unknown';

export type Severity = 'critical' | 'warning' | 'info';

/** A value seen at the same time on an earlier day. */
export interface EarlierValue {
  /** The earlier time that was compared (the peak time minus one day or one week). */
  time: number;
  observed: number;
  /** Mean over the event's window shifted by the same offset (NaN when no point was there). */
  windowMean: number;
}

/** A series that was anomalous during the event. */
export interface CoOccurring {
  series: string;
  start: number;
  end: number;
  /** Share of this event's window that the other event covers, in [0, 1]. */
  overlap: number;
  maxScore: number;
}

/** Everything the explanation of one event rests on. Numbers are the series' units; times Unix ms. */
export interface Evidence {
  eventId: string;
  metric: {
    /** Metric name (the `__name__` label or the PromQL's first metric), or the series name. */
    name: string;
    series: string;
    labels: Record<string, string>;
    expr?: string;
    kind: MetricKind;
    resource?: Resource;
    kindReason: string;
  };
  detector: { id: string; params: Record<string, unknown> };
  window: { start: number; end: number; durationMs: number; peakTime: number; points: number; stepMs?: number };
  direction: 'up' | 'down' | 'mixed';
  peak: {
    observed: number;
    expected: number;
    lower: number;
    upper: number;
    score: number;
    deviation: number;
    change?: number;
  };
  /** Means over the event's points where both the value and the expected value exist. */
  average?: { observed: number; expected: number; deviation: number; change?: number };
  /** The level before the event (median) and its robust spread, from the pre-event window. */
  baseline?: { level: number; spread: number; points: number };
  shape: { kind: Shape; reason: string };
  earlier: { yesterday?: EarlierValue; weekAgo?: EarlierValue };
  cooccurring: CoOccurring[];
  contribution?: ContributionEntry[];
  severity: Severity;
  /** What could not be determined, and what would make it possible. */
  limits: string[];
}
