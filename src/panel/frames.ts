import { DataFrame, Field, FieldType, getFieldDisplayName } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { FIELD_KINDS, FieldKind, outputField } from '../outputs/outputs';
import { ContributionEntry, ExplainEvent, ExplainInput, ExplainSeries, QueryInfo, eventId } from '../explain';
import { detectorTimes, detectorValues, findTimeField, timeToMs } from '../transformation/frameValues';

/**
 * Reads a panel's frames into the explanation module's input: events from Vigil `events` frames, and analysed
 * series from Vigil's added fields — the data source's band output or the "Anomaly detection" transformation's
 * output, which share one layout (docs/output-frames.md): the series' own frames, then per series a frame with
 * expected, lower, upper and score, then per series a frame with the anomaly markers; each added field is named
 * after its kind and displayed as "<series> <kind>". Never throws: a frame it cannot read is skipped.
 */
export function readExplainInput(frames: DataFrame[], targets: DataQuery[] = []): ExplainInput {
  const input: ExplainInput = { series: [], tableEvents: [], queries: targets.map(queryInfo) };
  const keys = new Set<string>();
  for (const frame of frames) {
    try {
      if (isEventsFrame(frame)) {
        input.tableEvents.push(...readEvents(frame));
      }
    } catch {
      // A malformed frame is left out; the rest still explains.
    }
  }
  try {
    for (const s of readSeries(frames.filter((f) => !isEventsFrame(f)))) {
      let key = s.key;
      for (let n = 2; keys.has(key); n++) {
        key = `${s.key} (${n})`;
      }
      keys.add(key);
      input.series.push({ ...s, key });
    }
  } catch {
    // Malformed frames: no series; the events still explain.
  }
  return input;
}

/** Output fields of the data source (band) and of the transformation, by the suffix of their display name. */
const OUTPUTS: Record<string, Role> = Object.fromEntries(FIELD_KINDS.map((k) => [outputField(k).name, k]));

/** An events frame: named "events", or with the events fields (time, series, maxScore). */
export function isEventsFrame(frame: DataFrame): boolean {
  const has = (name: string) => frame.fields.some((f) => f.name === name);
  return (
    frame.name === 'events' || (has('series') && has('maxScore') && frame.fields.some((f) => f.type === FieldType.time))
  );
}

/** True when a frame carries Vigil's anomaly fields (an expected field named like the outputs). */
export function hasAnomalyFields(frame: DataFrame): boolean {
  return frame.fields.some((f) => f.type === FieldType.number && f.name in OUTPUTS);
}

type Role = FieldKind;

/**
 * Joins each analysed series with its added fields, across frames: an added field belongs to the series whose
 * display name is the field's display name without " <kind>" (in the same query, refId). A series with no added
 * field (not analysed) or added fields without their series ("replace" mode dropped the values) are left out:
 * there is nothing to explain against.
 */
function readSeries(frames: DataFrame[]): ExplainSeries[] {
  const added = new Map<string, Partial<Record<Role, { field: Field; frame: DataFrame }>>>();
  const values: Array<{ field: Field; frame: DataFrame; name: string }> = [];
  for (const frame of frames) {
    if (!findTimeField(frame) || !frame.length) {
      continue;
    }
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const role = OUTPUTS[field.name];
      const display = field.config?.displayNameFromDS ?? field.config?.displayName ?? '';
      const suffix = ` ${role}`;
      if (role && display.endsWith(suffix)) {
        const key = `${frame.refId ?? ''}\u0000${display.slice(0, -suffix.length)}`;
        added.set(key, { ...added.get(key), [role]: { field, frame } });
      } else if (!role) {
        values.push({ field, frame, name: displayName(field, frame, frames) });
      }
    }
  }
  const out: ExplainSeries[] = [];
  for (const { field: value, frame, name } of values) {
    const o = added.get(`${frame.refId ?? ''}\u0000${name}`);
    if (!o) {
      continue;
    }
    const time = findTimeField(frame)!;
    const t = Float64Array.from(detectorTimes(time));
    // An added field on another time axis than its series cannot be aligned point by point: left out.
    const nums = (r?: { field: Field; frame: DataFrame }) =>
      r && r.field.values.length === t.length ? Float64Array.from(detectorValues(r.field)) : undefined;
    const markers = o.anomaly && o.anomaly.field.values.length === t.length ? o.anomaly.field : undefined;
    out.push({
      key: `${frame.refId ?? ''}/${name}`,
      name,
      refId: frame.refId,
      labels: { ...(value.labels ?? {}) },
      t,
      v: Float64Array.from(detectorValues(value)),
      expected: nums(o.expected),
      lower: nums(o.lower),
      upper: nums(o.upper),
      score: nums(o.score),
      anomaly: markers
        ? Uint8Array.from(markers.values, (x) => (typeof x === 'number' && Number.isFinite(x) ? 1 : 0))
        : undefined,
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
