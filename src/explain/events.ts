import { contributions } from '../detectors/contribution';
import { groupEvents } from '../detectors/events';
import { getDetector } from '../detectors/registry';
import { DetectionResult, RawParams } from '../detectors/types';
import { buildEvidence } from './evidence';
import { ContributionEntry, Evidence, ExplainEvent, ExplainSeries, QueryInfo } from './types';

/** What the explanations are built from: analysed series, events from events tables, and the queries. */
export interface ExplainInput {
  series: ExplainSeries[];
  /** Events read from Vigil `events` frames (source 'events'). */
  tableEvents: ExplainEvent[];
  queries: QueryInfo[];
}

/** An event with its evidence and the series it was matched to (for charts). */
export interface Explained {
  event: ExplainEvent;
  evidence: Evidence;
  series?: ExplainSeries;
}

/** A stable id for an event: series key and start time. */
export function eventId(seriesKey: string, start: number): string {
  return `${seriesKey}@${start}`;
}

/**
 * Groups a series' anomaly flags into events with the detector library's groupEvents (the same rule as the
 * backend's events output). Series without anomaly flags give none.
 */
export function eventsFromSeries(s: ExplainSeries, detector?: string): ExplainEvent[] {
  if (!s.anomaly) {
    return [];
  }
  const n = s.t.length;
  const nan = () => new Float64Array(n).fill(NaN);
  const result: DetectionResult = {
    expected: toFloat(s.expected) ?? nan(),
    lower: toFloat(s.lower) ?? nan(),
    upper: toFloat(s.upper) ?? nan(),
    score: toFloat(s.score) ?? nan(),
    anomaly: Uint8Array.from({ length: n }, (_, i) => (s.anomaly![i] ? 1 : 0)),
    warmup: 0,
  };
  return groupEvents(s, result, s.labels).map((e) => ({
    id: eventId(s.key, e.start),
    seriesKey: s.key,
    seriesName: s.name,
    refId: s.refId,
    labels: s.labels,
    start: e.start,
    end: e.end,
    peakTime: e.peakTime,
    peakValue: e.peakValue,
    expectedAtPeak: e.expectedAtPeak,
    // A series without scores (e.g. the score output turned off) still has events: score them at the band edge.
    maxScore: Number.isFinite(e.maxScore) ? e.maxScore : 1,
    direction: e.direction,
    points: e.points,
    detector,
    source: 'series',
  }));
}

/**
 * The series an events-table event belongs to: same name in the same query, else the same name, else the same
 * (non-empty) labels.
 */
export function matchSeries(event: ExplainEvent, series: ExplainSeries[]): ExplainSeries | undefined {
  return (
    series.find((s) => s.name === event.seriesName && s.refId === event.refId) ??
    series.find((s) => s.name === event.seriesName) ??
    (Object.keys(event.labels).length ? series.find((s) => sameLabels(s.labels, event.labels)) : undefined)
  );
}

/**
 * Every event with its evidence: the events tables' events (matched to a series when the data has one), plus
 * events grouped from the series no table event covers. Multivariate detectors' series-derived events get the
 * per-series contribution over their query's group. Never throws: an event whose evidence fails is skipped.
 */
export function explainAll(input: ExplainInput): Explained[] {
  const queryOf = (refId?: string) => input.queries.find((q) => q.refId === refId);
  const covered = new Set<string>();
  const events: Array<{ event: ExplainEvent; series?: ExplainSeries }> = [];
  for (const event of input.tableEvents) {
    const series = matchSeries(event, input.series);
    if (series) {
      covered.add(series.key);
    }
    events.push({ event: series ? { ...event, seriesKey: series.key } : event, series });
  }
  const byRef = new Map<string | undefined, ExplainSeries[]>();
  for (const s of input.series) {
    byRef.set(s.refId, [...(byRef.get(s.refId) ?? []), s]);
  }
  for (const [refId, group] of byRef) {
    const query = queryOf(refId);
    for (const s of group) {
      if (covered.has(s.key)) {
        continue;
      }
      for (const event of eventsFromSeries(s, query?.detector)) {
        events.push({ event: withContribution(event, group, query), series: s });
      }
    }
  }
  const all = events.map((e) => e.event);
  const out: Explained[] = [];
  for (const { event, series } of events) {
    try {
      out.push({ event, series, evidence: buildEvidence(event, { series, events: all, query: queryOf(event.refId) }) });
    } catch {
      // Odd data for one event must not hide the others.
    }
  }
  return out;
}

/** Adds the per-series contribution to an event of a multivariate detector, computed over its query's group. */
function withContribution(event: ExplainEvent, group: ExplainSeries[], query?: QueryInfo): ExplainEvent {
  const id = query?.detector;
  if (!id || group.length < 2) {
    return event;
  }
  try {
    if (!getDetector(id).multivariate) {
      return event;
    }
    const shares = contributions(id, group, event.peakTime, (query?.params ?? {}) as RawParams);
    const list: ContributionEntry[] = shares
      .map((c, i) => ({ series: group[i].name, share: c.share, deviation: c.deviation }))
      .filter((c) => c.share > 0)
      .sort((a, b) => b.share - a.share)
      .slice(0, 10);
    return list.length ? { ...event, contribution: list } : event;
  } catch {
    return event;
  }
}

function toFloat(a?: ArrayLike<number>): Float64Array | undefined {
  return a ? Float64Array.from(a as ArrayLike<number>, (x) => (typeof x === 'number' ? x : NaN)) : undefined;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).filter((k) => k !== '__name__');
  const kb = Object.keys(b).filter((k) => k !== '__name__');
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}
