import { SEVERITY_RANK } from './evidence';
import { formatDuration, formatLabels, formatPercent, formatRange, formatValue } from './format';
import { code, escapeHTML, kindWord, SHAPE_WORDS } from './template';
import { Evidence } from './types';

/** One event of a report: its evidence, the note written for it and who wrote the note. */
export interface ReportEntry {
  evidence: Evidence;
  /** Markdown note (template or LLM output). */
  note: string;
  /** Who wrote the note, shown under it, e.g. "Template (no LLM configured)". */
  provider: string;
  /** Markdown image of this event's chart, e.g. `![chart](data:image/svg+xml;base64,…)`; optional. */
  chart?: string;
}

export interface ReportOptions {
  title?: string;
  /** The time range the report covers (Unix ms) and the zone its times are written in. */
  from: number;
  to: number;
  timeZone?: string;
  /** Markdown image of a chart of every series, placed after the summary table. */
  chart?: string;
  /** A line under the title, e.g. the PromQL queries or the dashboard. */
  subtitle?: string;
}

/**
 * A Markdown report of anomaly events: title, covered range, a summary table first (severity, series, time,
 * duration, observed vs expected, deviation, peak score, shape), the chart, then one section per event with its
 * metric and labels, time range, baseline vs peak, and the note (evidence, suspected causes, suggested actions)
 * with the provider that wrote it. Entries keep the order given (callers sort by severity or time). Series names
 * in table cells have `|` and line breaks escaped, and series names everywhere their HTML-significant characters
 * (`<`, `&`, …) as entities.
 */
export function markdownReport(entries: ReportEntry[], options: ReportOptions): string {
  const tz = options.timeZone ?? 'utc';
  const out: string[] = [];
  out.push(`# ${options.title ?? 'Vigil anomaly report'}`);
  out.push('');
  if (options.subtitle) {
    out.push(options.subtitle);
    out.push('');
  }
  const counts = (['critical', 'warning', 'info'] as const)
    .map((s) => [s, entries.filter((e) => e.evidence.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  out.push(
    `Range: ${formatRange(options.from, options.to, tz)} (${tz === 'utc' ? 'UTC' : tz}). ` +
      (entries.length ? `${entries.length} anomaly event(s): ${counts.join(', ')}.` : 'No anomalies in this range.')
  );
  out.push('');
  if (entries.length) {
    out.push('| # | Severity | Series | When | Duration | Observed vs expected | Deviation | Peak score | Shape |');
    out.push('|---|---|---|---|---|---|---|---|---|');
    entries.forEach((entry, i) => {
      const e = entry.evidence;
      out.push(
        `| ${i + 1} | ${e.severity} | ${cell(e.metric.series)} | ${formatRange(e.window.start, e.window.end, tz)} | ` +
          `${formatDuration(e.window.durationMs)} | ${formatValue(e.peak.observed)} vs ${formatValue(e.peak.expected)} | ` +
          `${deviationText(e)} | ${formatValue(e.peak.score)} | ${SHAPE_WORDS[e.shape.kind]} |`
      );
    });
    out.push('');
  }
  if (options.chart) {
    out.push(options.chart);
    out.push('');
  }
  entries.forEach((entry, i) => {
    const e = entry.evidence;
    out.push(
      `## ${i + 1}. ${kindWord(e)} ${SHAPE_WORDS[e.shape.kind]} on ${escapeHTML(e.metric.series.replace(/\s+/g, ' '))}`
    );
    out.push('');
    const labels = formatLabels(e.metric.labels);
    out.push(`- Metric: ${code(e.metric.name)}${labels ? ` ${code(labels)}` : ''}`);
    if (e.metric.expr) {
      out.push(`- Query: ${code(e.metric.expr)}`);
    }
    out.push(`- Time range: ${formatRange(e.window.start, e.window.end, tz)} (${formatDuration(e.window.durationMs)})`);
    const base = e.baseline ? `baseline ${formatValue(e.baseline.level)} before the event, ` : '';
    out.push(
      `- Baseline vs peak: ${base}expected ${formatValue(e.peak.expected)} at the peak, observed ${formatValue(e.peak.observed)} (score ${formatValue(e.peak.score)}, severity ${e.severity})`
    );
    out.push('');
    if (entry.chart) {
      out.push(entry.chart);
      out.push('');
    }
    out.push(entry.note.trim());
    out.push('');
    out.push(`*Explanation: ${entry.provider}.*`);
    out.push('');
  });
  return out.join('\n');
}

/** Report entries sorted by severity (critical first), then by peak score, then by start time. */
export function bySeverity<T extends { evidence: Evidence }>(entries: T[]): T[] {
  return [...entries].sort(
    (a, b) =>
      SEVERITY_RANK[a.evidence.severity] - SEVERITY_RANK[b.evidence.severity] ||
      b.evidence.peak.score - a.evidence.peak.score ||
      a.evidence.window.start - b.evidence.window.start
  );
}

function deviationText(e: Evidence): string {
  if (!Number.isFinite(e.peak.deviation)) {
    return '—';
  }
  const pct = formatPercent(e.peak.change);
  return `${e.peak.deviation > 0 ? '+' : ''}${formatValue(e.peak.deviation)}${pct ? ` (${pct})` : ''}`;
}

/** Text safe in a Markdown table cell. */
function cell(text: string): string {
  return escapeHTML(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}
