import { medianStep } from '../detectors/series';
import { inferMetricKind } from './metricKind';
import { promqlParts } from './promql';
import { classifyShape } from './shape';
import { CoOccurring, EarlierValue, Evidence, ExplainEvent, ExplainSeries, QueryInfo, Severity } from './types';

const DAY = 86_400_000;
/** At most this many co-occurring series are listed. */
const MAX_COOCCURRING = 5;

/** What an event's evidence is built from besides the event itself. */
export interface EvidenceContext {
  /** The event's series with its detector outputs, when the data has it (band output or transformation). */
  series?: ExplainSeries;
  /** Every event of the panel or run (the event itself may be included): for co-occurrence. */
  events: ExplainEvent[];
  /** The query of the event's series (PromQL, detector and parameters), when known. */
  query?: QueryInfo;
  /** Detection step in ms, when known (from the series' timestamps otherwise). */
  stepMs?: number;
}

/**
 * Builds the evidence of one event: metric and kind, detector and parameters, window, peak and average
 * observed vs expected, band at the peak, baseline, shape (shape.ts), the same time yesterday and a week ago
 * where the series reaches, co-occurring anomalous series (ranked by overlap, then peak score), the
 * multivariate contribution when the event carries one, and a severity. Pure and total: missing parts go to
 * `limits` with what would supply them; nothing throws on odd input.
 *
 * Severity: critical when the peak score is ≥ 3 (three band half-widths from the expected value) or ≥ 2 for at
 * least 10 points; warning when it is ≥ 1.5 or the event lasts at least 5 points; info otherwise.
 */
export function buildEvidence(event: ExplainEvent, ctx: EvidenceContext): Evidence {
  const limits: string[] = [];
  const s = ctx.series;
  const step = ctx.stepMs ?? (s && s.t.length > 1 ? medianStep(s.t) : undefined);
  const tolerance = (step ?? 0) / 2;
  const names = [event.labels.__name__ ?? s?.labels.__name__ ?? ''].filter(Boolean);
  const metricName = names[0] || promqlParts(ctx.query?.expr ?? '').metrics[0] || event.seriesName;
  const kind = inferMetricKind(names, event.labels, ctx.query?.expr ?? '');

  const startIndex = s ? nearestIndex(s.t, event.start, tolerance) : -1;
  const endIndex = s ? nearestIndex(s.t, event.end, tolerance) : -1;
  const peakIndex = s ? nearestIndex(s.t, event.peakTime, tolerance) : -1;
  const hasSeries = s !== undefined && startIndex >= 0 && endIndex >= startIndex && peakIndex >= 0;

  const at = (a: ArrayLike<number> | undefined, i: number) => (a && i >= 0 && i < a.length ? num(a[i]) : NaN);
  const expected = Number.isFinite(event.expectedAtPeak) ? event.expectedAtPeak : at(s?.expected, peakIndex);
  const deviation = event.peakValue - expected;
  const peak = {
    observed: event.peakValue,
    expected,
    lower: at(s?.lower, peakIndex),
    upper: at(s?.upper, peakIndex),
    score: event.maxScore,
    deviation,
    change: relative(deviation, expected),
  };

  let average: Evidence['average'];
  let shape: Evidence['shape'] = { kind: 'unknown', reason: '' };
  let baseline: Evidence['baseline'];
  const earlier: Evidence['earlier'] = {};
  if (hasSeries) {
    average = meanOverEvent(s!, startIndex, endIndex);
    earlier.yesterday = valueEarlier(s!, event, DAY, step);
    earlier.weekAgo = valueEarlier(s!, event, 7 * DAY, step);
    const refs = [earlier.yesterday?.observed, earlier.weekAgo?.observed].filter((x): x is number => x !== undefined);
    const classified = classifyShape({
      t: s!.t,
      v: s!.v,
      expected: s!.expected,
      startIndex,
      endIndex,
      peakIndex,
      seasonalReferences: refs,
    });
    shape = { kind: classified.kind, reason: classified.reason };
    baseline = classified.baseline;
    if (!earlier.yesterday) {
      limits.push('same time yesterday: the data does not reach back one day (widen the time range)');
    }
    if (!earlier.weekAgo) {
      limits.push('same time a week ago: the data does not reach back seven days (widen the time range)');
    }
  } else {
    shape = {
      kind: 'unknown',
      reason: 'only the events table is available; the shape needs the series',
    };
    limits.push(
      'shape, averages and earlier days need the series: add the same query with Output set to Band (or use the Anomaly detection transformation) in this panel'
    );
  }

  const detectorId = event.detector ?? ctx.query?.detector ?? 'unknown';
  if (detectorId === 'unknown') {
    limits.push('detector: not named by the data (frames from the transformation do not carry it)');
  }
  return {
    eventId: event.id,
    metric: {
      name: metricName,
      series: event.seriesName,
      labels: { ...event.labels },
      expr: ctx.query?.expr,
      kind: kind.kind,
      resource: kind.resource,
      kindReason: kind.reason,
    },
    detector: { id: detectorId, params: { ...(ctx.query?.params ?? {}) } },
    window: {
      start: event.start,
      end: event.end,
      durationMs: event.end - event.start + (step ?? 0),
      peakTime: event.peakTime,
      points: event.points,
      stepMs: step,
    },
    direction: event.direction,
    peak,
    average,
    baseline,
    shape,
    earlier,
    cooccurring: cooccurring(event, ctx.events, step),
    contribution: event.contribution?.length ? event.contribution : undefined,
    severity: severityOf(event.maxScore, event.points),
    limits,
  };
}

/** Severity from the peak score and the number of anomalous points (rule in buildEvidence's comment). */
export function severityOf(maxScore: number, points: number): Severity {
  if (maxScore >= 3 || (maxScore >= 2 && points >= 10)) {
    return 'critical';
  }
  if (maxScore >= 1.5 || points >= 5) {
    return 'warning';
  }
  return 'info';
}

/** Severity order for sorting: critical first. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * Events of other series whose span overlaps this event's span (each widened by one step, so adjacent points
 * count), ranked by the share of this event they cover, then by their peak score.
 */
export function cooccurring(event: ExplainEvent, all: ExplainEvent[], stepMs = 0): CoOccurring[] {
  const pad = stepMs > 0 ? stepMs : 1;
  const from = event.start;
  const to = event.end + pad;
  const found = new Map<string, CoOccurring>();
  for (const other of all) {
    if (other.seriesKey === event.seriesKey) {
      continue;
    }
    const oFrom = other.start;
    const oTo = other.end + pad;
    if (oFrom > to || oTo < from) {
      continue;
    }
    const overlap = Math.max(0, Math.min(to, oTo) - Math.max(from, oFrom)) / (to - from);
    const entry = { series: other.seriesName, start: other.start, end: other.end, overlap, maxScore: other.maxScore };
    const prev = found.get(other.seriesKey);
    if (!prev || entry.overlap > prev.overlap || (entry.overlap === prev.overlap && entry.maxScore > prev.maxScore)) {
      found.set(other.seriesKey, entry);
    }
  }
  return [...found.values()].sort((a, b) => b.overlap - a.overlap || b.maxScore - a.maxScore).slice(0, MAX_COOCCURRING);
}

function meanOverEvent(s: ExplainSeries, from: number, to: number): Evidence['average'] {
  let so = 0;
  let se = 0;
  let n = 0;
  for (let i = from; i <= to; i++) {
    const v = num(s.v[i]);
    const e = s.expected ? num(s.expected[i]) : NaN;
    if (Number.isFinite(v) && Number.isFinite(e)) {
      so += v;
      se += e;
      n++;
    }
  }
  if (n === 0) {
    return undefined;
  }
  const observed = so / n;
  const expected = se / n;
  return { observed, expected, deviation: observed - expected, change: relative(observed - expected, expected) };
}

function valueEarlier(s: ExplainSeries, e: ExplainEvent, offset: number, step?: number): EarlierValue | undefined {
  const tolerance = step ? step / 2 : 0;
  const i = nearestIndex(s.t, e.peakTime - offset, tolerance);
  if (i < 0 || !Number.isFinite(num(s.v[i]))) {
    return undefined;
  }
  let sum = 0;
  let n = 0;
  for (let j = lowerBound(s.t, e.start - offset); j < s.t.length && s.t[j] <= e.end - offset; j++) {
    const x = num(s.v[j]);
    if (Number.isFinite(x)) {
      sum += x;
      n++;
    }
  }
  return { time: e.peakTime - offset, observed: num(s.v[i]), windowMean: n ? sum / n : NaN };
}

/** Index of the timestamp closest to `time` within `tolerance` ms, or -1. */
export function nearestIndex(t: ArrayLike<number>, time: number, tolerance = 0): number {
  const i = lowerBound(t, time);
  let best = -1;
  for (const j of [i - 1, i]) {
    if (
      j >= 0 &&
      j < t.length &&
      Math.abs(t[j] - time) <= tolerance &&
      (best < 0 || Math.abs(t[j] - time) < Math.abs(t[best] - time))
    ) {
      best = j;
    }
  }
  return best;
}

function lowerBound(t: ArrayLike<number>, time: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] < time) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

function relative(deviation: number, reference: number): number | undefined {
  return Number.isFinite(deviation) && Number.isFinite(reference) && Math.abs(reference) > 1e-12
    ? deviation / Math.abs(reference)
    : undefined;
}

function num(x: unknown): number {
  return typeof x === 'number' ? x : NaN;
}
