import { DataFrame, Field, FieldType, getFieldDisplayName } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { ContributionEntry, ExplainEvent, ExplainInput, ExplainSeries, QueryInfo, eventId } from '../explain';
import { detectorTimes, detectorValues, findTimeField, timeToMs } from '../transformation/frames';

/**
 * Reads a panel's frames into the explanation module's input: events from Vigil `events` frames, and analysed
 * series from any frame carrying Vigil's anomaly fields — the data source's band output (value, expected,
 * lower, upper, anomaly_marker, score) or the "Anomaly detection" transformation's output (the original field
 * plus expected, lower, upper, anomaly, score). Never throws: a frame it cannot read is skipped.
 */
export function readExplainInput(frames: DataFrame[], targets: DataQuery[] = []): ExplainInput {
  const input: ExplainInput = { series: [], tableEvents: [], queries: targets.map(queryInfo) };
  const keys = new Set<string>();
  for (const frame of frames) {
    try {
      if (isEventsFrame(frame)) {
        input.tableEvents.push(...readEvents(frame));
      } else {
        for (const s of readSeries(frame, frames)) {
          let key = s.key;
          for (let n = 2; keys.has(key); n++) {
            key = `${s.key} (${n})`;
          }
          keys.add(key);
          input.series.push({ ...s, key });
        }
      }
    } catch {
      // A malformed frame is left out; the rest still explains.
    }
  }
  return input;
}

/** Output fields of the data source (band) and of the transformation, by the suffix of their display name. */
const OUTPUTS: Record<string, 'expected' | 'lower' | 'upper' | 'score' | 'anomaly'> = {
  expected: 'expected',
  lower: 'lower',
  upper: 'upper',
  score: 'score',
  anomaly: 'anomaly',
  anomaly_marker: 'anomaly',
};

/** An events frame: named "events", or with the events fields (time, series, maxScore). */
export function isEventsFrame(frame: DataFrame): boolean {
  const has = (name: string) => frame.fields.some((f) => f.name === name);
  return (
    frame.name === 'events' || (has('series') && has('maxScore') && frame.fields.some((f) => f.type === FieldType.time))
  );
}

/** True when a frame carries Vigil's anomaly fields (an expected field named like the outputs). */
export function hasAnomalyFields(frame: DataFrame): boolean {
  return frame.fields.some((f) => f.name === 'expected' || f.name === 'anomaly_marker' || f.name === 'anomaly');
}

function readSeries(frame: DataFrame, all: DataFrame[]): ExplainSeries[] {
  const time = findTimeField(frame);
  if (!time || !frame.length || !hasAnomalyFields(frame)) {
    return [];
  }
  const t = Float64Array.from(detectorTimes(time));
  const outputs = new Map<string, Partial<Record<'expected' | 'lower' | 'upper' | 'score' | 'anomaly', Field>>>();
  const values: Field[] = [];
  for (const field of frame.fields) {
    if (field.type !== FieldType.number) {
      continue;
    }
    const role = OUTPUTS[field.name];
    const display = field.config?.displayNameFromDS ?? field.config?.displayName ?? '';
    if (role) {
      const suffix = ` ${role}`;
      const base = display.endsWith(suffix) ? display.slice(0, -suffix.length) : labelsKey(field.labels);
      outputs.set(base, { ...outputs.get(base), [role]: field });
    } else {
      values.push(field);
    }
  }
  const out: ExplainSeries[] = [];
  for (const [base, o] of outputs) {
    const value =
      values.find((f) => displayName(f, frame, all) === base) ??
      values.find((f) => labelsKey(f.labels) === base) ??
      (values.length === 1 && outputs.size === 1 ? values[0] : undefined);
    if (!value) {
      continue; // "replace" mode dropped the values: nothing to explain against
    }
    const name = base || displayName(value, frame, all);
    const v = Float64Array.from(detectorValues(value));
    const nums = (f?: Field) => (f ? Float64Array.from(detectorValues(f)) : undefined);
    const anomaly = o.anomaly
      ? Uint8Array.from(o.anomaly.values, (x) => (typeof x === 'number' && Number.isFinite(x) ? 1 : 0))
      : undefined;
    out.push({
      key: `${frame.refId ?? ''}/${name}`,
      name,
      refId: frame.refId,
      labels: { ...(value.labels ?? {}) },
      t,
      v,
      expected: nums(o.expected),
      lower: nums(o.lower),
      upper: nums(o.upper),
      score: nums(o.score),
      anomaly,
    });
  }
  return out;
}

function readEvents(frame: DataFrame): ExplainEvent[] {
  const get = (name: string) => frame.fields.find((f) => f.name === name);
  const time = get('time') ?? frame.fields.find((f) => f.type === FieldType.time);
  if (!time) {
    return [];
  }
  const at = (name: string, i: number): unknown => get(name)?.values[i];
  const out: ExplainEvent[] = [];
  for (let i = 0; i < frame.length; i++) {
    const start = timeToMs(time.values[i]);
    if (!Number.isFinite(start)) {
      continue;
    }
    const endRaw = timeToMs(at('timeEnd', i));
    const end = Number.isFinite(endRaw) ? endRaw : start;
    const peakRaw = timeToMs(at('peakTime', i));
    const name = str(at('series', i)) ?? '(series)';
    const direction = str(at('direction', i));
    const seriesKey = `${frame.refId ?? ''}/${name}`;
    out.push({
      id: eventId(seriesKey, start),
      seriesKey,
      seriesName: name,
      refId: frame.refId,
      labels: parseLabels(at('labels', i)),
      start,
      end,
      peakTime: Number.isFinite(peakRaw) ? peakRaw : start,
      peakValue: num(at('peakValue', i)),
      expectedAtPeak: num(at('expectedAtPeak', i)),
      maxScore: Number.isFinite(num(at('maxScore', i))) ? num(at('maxScore', i)) : 1,
      direction: direction === 'up' || direction === 'down' ? direction : 'mixed',
      points: Number.isFinite(num(at('points', i))) ? num(at('points', i)) : 1,
      detector: str(at('detector', i)),
      contribution: parseContribution(at('contribution', i)),
      source: 'events',
    });
  }
  return out;
}

/** What the panel knows about a Vigil query: PromQL, detector and its parameters (top-level ones included). */
export function queryInfo(q: DataQuery): QueryInfo {
  const v = q as DataQuery & {
    expr?: string;
    detector?: { type?: string; params?: Record<string, unknown> };
    sensitivity?: number;
    direction?: string;
    minConsecutive?: number;
  };
  const params: Record<string, unknown> = { ...(v.detector?.params ?? {}) };
  for (const key of ['sensitivity', 'direction', 'minConsecutive'] as const) {
    if (v[key] !== undefined && v[key] !== null) {
      params[key] = v[key];
    }
  }
  return { refId: q.refId, expr: typeof v.expr === 'string' ? v.expr : undefined, detector: v.detector?.type, params };
}

function displayName(field: Field, frame: DataFrame, all: DataFrame[]): string {
  return field.config?.displayNameFromDS ?? getFieldDisplayName(field, frame, all);
}

function labelsKey(labels?: Record<string, string>): string {
  return labels
    ? JSON.stringify(
        Object.keys(labels)
          .sort()
          .map((k) => [k, labels[k]])
      )
    : '';
}

function parseLabels(raw: unknown): Record<string, string> {
  if (typeof raw !== 'string' || !raw.trim().startsWith('{')) {
    return {};
  }
  try {
    const parsed = JSON.parse(raw);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed ?? {})) {
      out[k] = String(v);
    }
    return out;
  } catch {
    return {};
  }
}

function parseContribution(raw: unknown): ContributionEntry[] | undefined {
  if (typeof raw !== 'string' || !raw.trim().startsWith('[')) {
    return undefined;
  }
  try {
    const list = JSON.parse(raw);
    return Array.isArray(list)
      ? list
          .filter((c) => c && typeof c.series === 'string' && typeof c.share === 'number')
          .map((c) => ({
            series: c.series,
            share: c.share,
            deviation: typeof c.deviation === 'number' ? c.deviation : NaN,
          }))
      : undefined;
  } catch {
    return undefined;
  }
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

function num(x: unknown): number {
  return typeof x === 'number' ? x : x === null || x === undefined || x === '' ? NaN : Number(x);
}
