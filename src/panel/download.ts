import { Explained, markdownReport, ReportEntry, templateNote } from '../explain';
import { Explanation } from './providers/explainer';

/** Padding around an event in its own chart: three times its length, at least 30 steps. */
function chartWindow(x: Explained): { from: number; to: number } {
  const step = x.evidence.window.stepMs ?? 60_000;
  const pad = Math.max(3 * x.evidence.window.durationMs, 30 * step);
  return { from: x.event.start - pad, to: x.event.end + pad };
}

/** An SVG document as a Markdown image with a data URI (the report stays one self-contained file). */
function svgImage(svg: string, alt: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return `![${alt.replace(/[\[\]\n]/g, ' ')}](data:image/svg+xml;base64,${btoa(binary)})`;
}

/**
 * The Markdown report of some events: the summary table, a chart per event (one event) or of every series (all
 * events), and each event's note — the explanation already written or saved for it, else the template (a report
 * of all events never calls an LLM). Charts are rendered by ECharts' SVG renderer, loaded only here.
 */
export async function buildReport(
  items: Explained[],
  notes: Map<string, Explanation>,
  range: { from: number; to: number; timeZone: string; title?: string }
): Promise<string> {
  const { renderChartSVG } = await import('../explain/chart');
  const single = items.length === 1;
  const entries: ReportEntry[] = items.map((x) => {
    const note = notes.get(x.event.id);
    const entry: ReportEntry = {
      evidence: x.evidence,
      note: note?.text ?? templateNote(x.evidence, { timeZone: range.timeZone }),
      provider: note?.label ?? 'Template',
    };
    if (single && x.series) {
      const w = chartWindow(x);
      entry.chart = svgImage(
        renderChartSVG([x.series], [x.event], { ...w, timeZone: range.timeZone, width: 800 }),
        `Chart of ${x.evidence.metric.series}`
      );
    }
    return entry;
  });
  let chart: string | undefined;
  if (!single) {
    const series = [...new Map(items.filter((x) => x.series).map((x) => [x.series!.key, x.series!])).values()];
    if (series.length) {
      chart = svgImage(
        renderChartSVG(
          series,
          items.map((x) => x.event),
          { from: range.from, to: range.to, timeZone: range.timeZone }
        ),
        'Chart of the anomalous series'
      );
    }
  }
  return markdownReport(entries, { ...range, chart });
}

/** Saves text as a file through the browser's download (no request leaves the browser). */
export function downloadText(filename: string, text: string, type = 'text/markdown'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name for a report: vigil-report-<series or "all">-<start time>.md, safe on every file system. */
export function reportFilename(what: string, start: number): string {
  const stamp = new Date(start).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return `vigil-report-${what.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}-${stamp}.md`;
}
