import { DataFrame, Field, FieldType } from '@grafana/data';

/** One anomaly event as the data source's `events` frame describes it (docs/output-frames.md). */
export interface AnomalyEvent {
  series: string;
  start: number;
  end: number;
  peakTime?: number;
  peakValue?: number;
  expectedAtPeak?: number;
  maxScore?: number;
  direction: string;
  points?: number;
  detector?: string;
  title?: string;
  text?: string;
}

/** Fields an events frame must have; the rest are shown when present. */
const REQUIRED = ['time', 'series'] as const;

/** The `events` frames among a panel's data (by name, or by shape when the name was changed by a transformation). */
export function findEventFrames(frames: DataFrame[]): DataFrame[] {
  return frames.filter(
    (f) =>
      f.name === 'events' ||
      (REQUIRED.every((name) => f.fields.some((x) => x.name === name)) && f.fields.some((x) => x.name === 'maxScore'))
  );
}

/** Events from every events frame, newest first. */
export function readEvents(frames: DataFrame[]): AnomalyEvent[] {
  const out: AnomalyEvent[] = [];
  for (const frame of findEventFrames(frames)) {
    const get = (name: string): Field | undefined => frame.fields.find((f) => f.name === name);
    const time = get('time') ?? frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    const at = <T>(name: string, i: number): T | undefined => {
      const v = get(name)?.values[i];
      return v === null || v === undefined ? undefined : (v as T);
    };
    for (let i = 0; i < frame.length; i++) {
      const start = Number(time.values[i]);
      const end = at<number>('timeEnd', i);
      out.push({
        series: at<string>('series', i) ?? at<string>('labels', i) ?? '(series)',
        start,
        end: end === undefined ? start : Number(end),
        peakTime: numberOrUndefined(at('peakTime', i)),
        peakValue: numberOrUndefined(at('peakValue', i)),
        expectedAtPeak: numberOrUndefined(at('expectedAtPeak', i)),
        maxScore: numberOrUndefined(at('maxScore', i)),
        direction: at<string>('direction', i) ?? '',
        points: numberOrUndefined(at('points', i)),
        detector: at<string>('detector', i),
        title: at<string>('title', i),
        text: at<string>('text', i),
      });
    }
  }
  return out.sort((a, b) => b.start - a.start);
}

function numberOrUndefined(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}
