import * as fs from 'fs';
import * as path from 'path';
import { Resvg } from '@resvg/resvg-js';
import { bySeverity, code, Evidence, Explained, markdownReport, ReportEntry, templateNote } from '../explain';
import { formatPromDuration } from './duration';
import { renderChartSVG } from '../explain/chart';
import { QueryResult, visiblePart } from './run';

/** An event with its note, as reports and JSON carry it. */
export interface NotedEvent {
  explained: Explained;
  note: string;
  provider: string;
}

/** Writes the chart: every series of the range with band, expected value and anomaly markers (SVG or PNG). */
export function writeChart(
  file: string,
  results: QueryResult[],
  events: Explained[],
  range: { from: number; to: number; timeZone: string }
): void {
  const series = results.flatMap((r) => {
    const from = (r.plan.visibleStart - r.plan.fetchStart) / r.plan.stepMs;
    return r.series.map((s) => visiblePart(s, from));
  });
  const svg = renderChartSVG(
    series,
    events.map((e) => e.event),
    { from: range.from, to: range.to, timeZone: range.timeZone, maxSeries: 12 }
  );
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (/\.svg$/i.test(file)) {
    fs.writeFileSync(file, svg);
    return;
  }
  // resvg draws the SVG with the system fonts (ECharts' SSR output has no embedded fonts).
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: 1200 }, font: { loadSystemFonts: true } })
    .render()
    .asPng();
  fs.writeFileSync(file, png);
}

/** The Markdown report: the summary table first, the chart, then each event (most severe first). */
export function markdownOutput(
  noted: NotedEvent[],
  results: QueryResult[],
  options: { from: number; to: number; timeZone: string; chartRef?: string }
): string {
  const entries: ReportEntry[] = bySeverity(
    noted.map((n) => ({ evidence: n.explained.evidence, note: n.note, provider: n.provider }))
  );
  const queries = results
    .map((r) => {
      const step = `step ${formatPromDuration(r.plan.stepMs)}${r.plan.auto ? ' (auto)' : ''}, ${formatPromDuration(r.plan.historyMs)} of history`;
      const notes = r.notices.filter((n) => n !== r.plan.reason).join(' ');
      return `- ${r.spec.refId}: ${code(r.spec.expr)} — detector \`${r.spec.detector}\`, ${r.series.length} series, ${step}.${notes ? ` ${notes}` : ''}`;
    })
    .join('\n');
  return markdownReport(entries, {
    title: 'Vigil anomaly report',
    from: options.from,
    to: options.to,
    timeZone: options.timeZone,
    subtitle: `Queries:\n\n${queries}`,
    chart: options.chartRef ? `![Series with band and anomaly markers](${options.chartRef})` : undefined,
  });
}

/** The JSON report: range, queries with their plans and notices, and every event with evidence and note. */
export function jsonOutput(
  noted: NotedEvent[],
  results: QueryResult[],
  options: { from: number; to: number; timeZone: string }
): string {
  const sorted = bySeverity(noted.map((n) => ({ ...n, evidence: n.explained.evidence })));
  const count = (s: Evidence['severity']) => sorted.filter((n) => n.evidence.severity === s).length;
  return (
    JSON.stringify(
      {
        range: {
          from: new Date(options.from).toISOString(),
          to: new Date(options.to).toISOString(),
          timeZone: options.timeZone,
        },
        summary: { events: sorted.length, critical: count('critical'), warning: count('warning'), info: count('info') },
        queries: results.map((r) => ({
          refId: r.spec.refId,
          expr: r.spec.expr,
          detector: r.spec.detector,
          params: r.spec.params,
          plan: {
            ...r.plan,
            fetchStart: iso(r.plan.fetchStart),
            visibleStart: iso(r.plan.visibleStart),
            end: iso(r.plan.end),
          },
          series: r.series.map((s) => ({ name: s.name, labels: s.labels })),
          notices: r.notices,
        })),
        events: sorted.map((n) => ({
          series: n.evidence.metric.series,
          start: iso(n.evidence.window.start),
          end: iso(n.evidence.window.end),
          severity: n.evidence.severity,
          shape: n.evidence.shape.kind,
          evidence: n.evidence,
          note: n.note,
          explanationBy: n.provider,
        })),
      },
      (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
      2
    ) + '\n'
  );
}

/** Template notes for events (the --llm path replaces some of them). */
export function templateNotes(events: Explained[], timeZone: string, provider = 'Template'): NotedEvent[] {
  return events.map((explained) => ({ explained, note: templateNote(explained.evidence, { timeZone }), provider }));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
