import { formatDuration, formatLabels, formatPercent, formatRange, formatTime, formatValue } from './format';
import { triage } from './knowledge';
import { Evidence, Shape } from './types';

/** Words for each shape, as a sentence fragment ("… shows a spike"). */
export const SHAPE_WORDS: Record<Shape, string> = {
  spike: 'spike',
  dip: 'dip',
  level_shift: 'level shift',
  drift: 'drift',
  variance_change: 'variance change',
  flat_line: 'flat line',
  seasonal_break: 'seasonal break',
  unknown: 'deviation',
};

const KIND_WORDS: Record<string, string> = {
  latency: 'Latency',
  errors: 'Error',
  traffic: 'Traffic',
  saturation: 'Saturation',
  other: 'Metric',
  cpu: 'CPU',
  memory: 'Memory',
  disk: 'Disk',
  queue: 'Queue',
};

/** What the kind is called in a sentence: "Latency", "CPU", "Metric". */
export function kindWord(e: Evidence): string {
  return KIND_WORDS[e.metric.resource ?? e.metric.kind] ?? 'Metric';
}

/**
 * One line for tables and annotations: "Latency spike on api /checkout: 812.5 vs expected 120 (+577%), score 6.3,
 * 5m".
 */
export function summaryLine(e: Evidence): string {
  const vs = Number.isFinite(e.peak.expected) ? ` vs expected ${formatValue(e.peak.expected)}` : '';
  const change = formatPercent(e.peak.change);
  return (
    `${kindWord(e)} ${SHAPE_WORDS[e.shape.kind]} on ${e.metric.series}: ${formatValue(e.peak.observed)}${vs}` +
    `${change ? ` (${change})` : ''}, score ${formatValue(e.peak.score)}, ${formatDuration(e.window.durationMs)}`
  );
}

/** Options of the written note. */
export interface NoteOptions {
  /** Time zone of the times in the note (IANA name, 'utc', 'browser'); default UTC. */
  timeZone?: string;
}

/**
 * The deterministic explanation of one event, in Markdown: a summary, the evidence, suspected causes and
 * suggested actions (knowledge.ts, by metric kind and shape). Always available, needs no LLM, and says what it
 * could not determine. Label values are inserted as inline code (code), so Markdown and HTML in them are not
 * interpreted; the summary line has its HTML-significant characters escaped.
 */
export function templateNote(e: Evidence, options: NoteOptions = {}): string {
  const tz = options.timeZone ?? 'utc';
  const { causes, actions } = triage(e.metric.kind, e.metric.resource, e.shape.kind);
  const lines: string[] = [];
  const labels = formatLabels(e.metric.labels);
  lines.push(`**Summary.** ${escapeHTML(summaryLine(e))}. Severity: ${e.severity}.`);
  lines.push('');
  lines.push('**Evidence**');
  const showLabels = labels && !e.metric.series.includes(labels.slice(1, -1));
  lines.push(
    `- Series: ${code(e.metric.series)}${showLabels ? ` ${code(labels)}` : ''}; metric ${code(e.metric.name)} (${e.metric.kind}${e.metric.resource ? `, ${e.metric.resource}` : ''}: ${e.metric.kindReason}).`
  );
  lines.push(
    `- When: ${formatRange(e.window.start, e.window.end, tz)} (${formatDuration(e.window.durationMs)}, ${e.window.points} anomalous point(s)); peak at ${formatTime(e.window.peakTime, tz)}.`
  );
  const band =
    Number.isFinite(e.peak.lower) && Number.isFinite(e.peak.upper)
      ? `, band ${formatValue(e.peak.lower)} – ${formatValue(e.peak.upper)}`
      : '';
  const expected = Number.isFinite(e.peak.expected)
    ? ` vs expected ${formatValue(e.peak.expected)} (${signed(e.peak.deviation)}${e.peak.change !== undefined ? `, ${formatPercent(e.peak.change)}` : ''})`
    : '';
  lines.push(
    `- Peak: ${formatValue(e.peak.observed)}${expected}${band}; score ${formatValue(e.peak.score)} (1 = band edge).`
  );
  if (e.average) {
    lines.push(
      `- Average over the event: ${formatValue(e.average.observed)} vs expected ${formatValue(e.average.expected)} (${signed(e.average.deviation)}${e.average.change !== undefined ? `, ${formatPercent(e.average.change)}` : ''}).`
    );
  }
  if (e.baseline) {
    lines.push(
      `- Before the event: median ${formatValue(e.baseline.level)}, spread ${formatValue(e.baseline.spread)} over ${e.baseline.points} points.`
    );
  }
  lines.push(`- Shape: ${SHAPE_WORDS[e.shape.kind]} — ${e.shape.reason}.`);
  const earlier = [
    e.earlier.yesterday && `yesterday ${formatValue(e.earlier.yesterday.observed)}`,
    e.earlier.weekAgo && `a week ago ${formatValue(e.earlier.weekAgo.observed)}`,
  ].filter(Boolean);
  if (earlier.length) {
    lines.push(`- Same time earlier: ${earlier.join(', ')} (now ${formatValue(e.peak.observed)}).`);
  }
  if (e.cooccurring.length) {
    const list = e.cooccurring.map(
      (c) => `${code(c.series)} (overlap ${Math.round(c.overlap * 100)}%, score ${formatValue(c.maxScore)})`
    );
    lines.push(`- Also anomalous at the same time: ${list.join(', ')}.`);
  } else {
    lines.push('- No other series of this panel or query was anomalous at the same time.');
  }
  if (e.contribution?.length) {
    const list = e.contribution
      .filter((c) => c.share >= 0.005)
      .slice(0, 5)
      .map((c) => `${code(c.series)} ${Math.round(c.share * 100)}%`);
    lines.push(`- Contribution to this multivariate anomaly: ${list.join(', ')}.`);
  }
  lines.push(`- Detector: ${code(e.detector.id)}${paramsText(e.detector.params)}.`);
  for (const limit of e.limits) {
    lines.push(`- Not determined: ${limit}.`);
  }
  lines.push('');
  lines.push('**Suspected causes**');
  causes.forEach((c) => lines.push(`- ${c}`));
  if (e.cooccurring.length) {
    lines.push(`- a common cause shared with ${code(e.cooccurring[0].series)}, anomalous at the same time`);
  }
  lines.push('');
  lines.push('**Suggested actions**');
  actions.forEach((a, i) => lines.push(`${i + 1}. ${a}`));
  return lines.join('\n');
}

function paramsText(params: Record<string, unknown>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? ` (${entries.map(([k, v]) => `${k} ${String(v)}`).join(', ')})` : '';
}

function signed(x: number): string {
  return `${x > 0 ? '+' : ''}${formatValue(x)}`;
}

/**
 * Inline code that survives any backticks in the text (CommonMark: a longer fence than any run inside). Text with
 * `<` or `&` (a label value such as `<script>`) is written as escaped plain text instead: inside a code span
 * nothing can be escaped, so the raw tag would reach a tool that reads the file without a Markdown renderer. The
 * text gets its HTML-significant characters as entities and its other ASCII punctuation backslash-escaped; it
 * renders as the same characters (not in a monospace font), in the panel too, which shows raw HTML as text.
 */
export function code(text: string): string {
  if (/[<&]/.test(text)) {
    return escapeHTML(text).replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&');
  }
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Text with `&`, `<` and `>` as HTML entities, so a label value in Markdown prose cannot open a tag or an entity
 * (quotes are left alone: they matter only inside a tag's attributes, and every series name has them).
 */
export function escapeHTML(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}
