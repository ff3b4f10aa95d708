import { Evidence } from '../explain';
import { Explanation } from './providers/explainer';

/** Tag every saved explanation carries besides vigil, detector, metric kind and severity (to find them again). */
export const NOTE_TAG = 'vigil-note';

/** An annotation as Grafana's HTTP API returns it (the fields used here). */
export interface AnnotationRecord {
  id?: number;
  time?: number;
  timeEnd?: number;
  text?: string;
  tags?: string[];
}

/** Reads and writes dashboard annotations (Grafana's /api/annotations); the panel passes backendSrv-based ones. */
export interface NotesService {
  /** Saved explanations of this dashboard in [from, to]. */
  load(dashboardUID: string, from: number, to: number): Promise<AnnotationRecord[]>;
  save(annotation: AnnotationRecord & { dashboardUID: string }): Promise<number | undefined>;
}

/** A saved explanation found again: its Markdown and who wrote it. */
export interface SavedNote {
  id?: number;
  text: string;
  label: string;
}

const FOOTER = /\n\n---\n\*Vigil explanation by (.+?) for (.+?), (\d{4}-\d\d-\d\dT[\d:.]+Z)\.\*\s*$/;

/** The annotation text of a note: the Markdown, then a footer naming the provider, the series and the start. */
export function noteText(e: Evidence, x: Explanation): string {
  const label = x.label.replace(/[\n*]/g, ' ');
  const series = e.metric.series.replace(/[\n*]/g, ' ');
  return `${x.text.trim()}\n\n---\n*Vigil explanation by ${label} for ${series}, ${new Date(e.window.start).toISOString()}.*`;
}

/** The annotation that saves a note: a region over the event, tagged vigil, detector, metric kind, severity. */
export function noteAnnotation(
  e: Evidence,
  x: Explanation,
  dashboardUID: string
): AnnotationRecord & { dashboardUID: string } {
  return {
    dashboardUID,
    time: e.window.start,
    timeEnd: e.window.start + Math.max(e.window.durationMs, 1),
    tags: ['vigil', NOTE_TAG, e.detector.id, e.metric.resource ?? e.metric.kind, e.severity],
    text: noteText(e, x),
  };
}

/** The saved note of an event among a dashboard's annotations: same start, our tag and footer, same series. */
export function findSavedNote(e: Evidence, annotations: AnnotationRecord[]): SavedNote | undefined {
  for (const a of annotations) {
    if (a.time !== e.window.start || !a.tags?.includes(NOTE_TAG) || !a.text) {
      continue;
    }
    const m = FOOTER.exec(a.text);
    if (m && m[2] === e.metric.series.replace(/[\n*]/g, ' ')) {
      return { id: a.id, text: a.text.slice(0, m.index), label: m[1] };
    }
  }
  return undefined;
}
