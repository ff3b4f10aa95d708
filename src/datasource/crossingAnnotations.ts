import { AnnotationEvent, DataFrame } from '@grafana/data';

/**
 * Dashboard annotations in the future from a Vigil annotation query with the crossings output: one point annotation
 * per row of its "crossings" frame (docs/output-frames.md), at the time the forecast (or its band) reaches the
 * threshold, with the row's title and text and its tags (vigil, forecast, expected | band).
 */
export function crossingAnnotations(frames: DataFrame[]): AnnotationEvent[] {
  const out: AnnotationEvent[] = [];
  for (const frame of frames) {
    if (frame.name !== 'crossings') {
      continue;
    }
    const field = (name: string) => frame.fields.find((f) => f.name === name)?.values ?? [];
    const [time, title, text, tags] = ['time', 'title', 'text', 'tags'].map(field);
    for (let i = 0; i < frame.length; i++) {
      out.push({
        time: Number(time[i]),
        title: String(title[i] ?? ''),
        text: String(text[i] ?? ''),
        tags: String(tags[i] ?? '')
          .split(',')
          .filter(Boolean),
      });
    }
  }
  return out;
}
