import { AnnotationEvent, DataFrame } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { explainAll, formatDuration, SHAPE_WORDS, summaryLine } from '../explain';
import { readExplainInput } from '../panel/frames';

/**
 * Dashboard annotations from a Vigil annotation query's frames: one region per anomaly event, from its start to
 * the end of its last point, titled with the one-line evidence summary, the text carrying the shape, the
 * co-occurring series and the detector, tagged vigil, the detector, the metric kind and the severity. The
 * annotation query asks for the band output so the evidence has the series (shape, averages); events frames
 * (older saved queries) work too, with the peak facts only.
 */
export function anomalyAnnotations(frames: DataFrame[], target?: DataQuery): AnnotationEvent[] {
  const explained = explainAll(readExplainInput(frames, target ? [target] : []));
  return explained.map(({ evidence: e }) => {
    const also = e.cooccurring.length ? ` Also anomalous: ${e.cooccurring.map((c) => c.series).join(', ')}.` : '';
    return {
      time: e.window.start,
      timeEnd: e.window.start + Math.max(e.window.durationMs, 1),
      isRegion: true,
      title: summaryLine(e),
      text:
        `${summaryLine(e)}. Shape: ${SHAPE_WORDS[e.shape.kind]} (${e.shape.reason}). ` +
        `Severity ${e.severity}; ${e.window.points} anomalous point(s) over ${formatDuration(e.window.durationMs)}; ` +
        `detector ${e.detector.id}.${also}`,
      tags: ['vigil', e.detector.id, e.metric.resource ?? e.metric.kind, e.severity],
    };
  });
}
