import { DataFrame, DataFrameType, DataTransformerInfo, FieldType, standardTransformers } from '@grafana/data';

/**
 * Frames shaped as Grafana's Prometheus data source returns a range query (dataplane "timeseries-multi"): one frame
 * per series, a "Time" field and a "Value" field carrying the series labels, the step as the time field's interval.
 */
export function promSeriesFrame(
  t: number[],
  v: Array<number | null>,
  labels: Record<string, string>,
  opts: { refId?: string; legend?: string } = {}
): DataFrame {
  const step = t.length > 1 ? t[1] - t[0] : 60_000;
  return {
    refId: opts.refId ?? 'A',
    name: labels.__name__,
    length: t.length,
    meta: { type: DataFrameType.TimeSeriesMulti, typeVersion: [0, 1], custom: { resultType: 'matrix' } },
    fields: [
      { name: 'Time', type: FieldType.time, config: { interval: step }, values: t },
      {
        name: 'Value',
        type: FieldType.number,
        labels,
        config: opts.legend ? { displayNameFromDS: opts.legend } : {},
        values: v,
      },
    ],
  };
}

/** A wide frame (dataplane "timeseries-wide", or what "Join by field" makes): one time field, a value field per series. */
export function promWideFrame(
  t: number[],
  series: Array<{ labels: Record<string, string>; v: Array<number | null> }>
): DataFrame {
  return {
    refId: 'A',
    length: t.length,
    meta: { type: DataFrameType.TimeSeriesWide, typeVersion: [0, 1] },
    fields: [
      { name: 'Time', type: FieldType.time, config: {}, values: t },
      ...series.map((s) => ({ name: 'Value', type: FieldType.number, labels: s.labels, config: {}, values: s.v })),
    ],
  };
}

/** Minute steps from a fixed start, like a Prometheus range query with step=60s. */
export function minuteTimes(n: number, start = 1_700_000_000_000): number[] {
  return Array.from({ length: n }, (_, i) => start + i * 60_000);
}

/** A steady series with a spike: deterministic noise so tests do not flake. */
export function spikySeries(n: number, spikeAt: number, base = 100): number[] {
  return Array.from({ length: n }, (_, i) => base + Math.sin(i * 1.7) * 2 + (i % 5) * 0.3 + (i === spikeAt ? 40 : 0));
}

/**
 * Core transformations as Grafana registers them at start-up (public/app/features/transformers/standardTransformers):
 * the package's operators wrapped in registry items, with `transformation` in the given registry shape.
 */
export function coreItems(shape: 'object' | 'lazy') {
  // Deprecated for plugins, but it is exactly what Grafana's own start-up wraps into registry items.
  const infos: DataTransformerInfo[] = [
    standardTransformers.reduceTransformer,
    standardTransformers.calculateFieldTransformer,
  ];
  return infos.map((info) => ({
    id: info.id,
    name: info.name,
    description: info.description,
    editor: () => null,
    imageDark: '',
    imageLight: '',
    transformation: shape === 'lazy' ? () => Promise.resolve(info) : info,
  }));
}

/**
 * The added fields of each analysed series, its frames (expected, band and score; markers) merged into one frame of
 * the series' time and every added field, in series order. Input frames (no added field) are left out.
 */
export function addedFrames(out: DataFrame[]): DataFrame[] {
  const names = new Set(['expected', 'lower', 'upper', 'anomaly', 'score']);
  const bySeries = new Map<string | undefined, DataFrame>();
  for (const frame of out) {
    const added = frame.fields.filter((f) => names.has(f.name));
    if (!added.length) {
      continue;
    }
    const merged = bySeries.get(frame.name);
    if (merged) {
      merged.fields.push(...added);
    } else {
      bySeries.set(frame.name, { ...frame, fields: [frame.fields[0], ...added] });
    }
  }
  return [...bySeries.values()];
}
