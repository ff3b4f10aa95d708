import { readExplainInput } from '../panel/frames';
import { MARKER_COLOR, renderChartSVG, SERIES_COLOR } from './chart';
import { explainAll } from './events';
import { bySeverity, markdownReport } from './report';
import { renderSafeMarkdown } from '../panel/markdown';
import { code, templateNote } from './template';
import { loadBackendFrames } from './testing/backendFrames';

const backend = loadBackendFrames();
const answer = backend.answers.find((a) => a.query.refId === 'A')!;
const input = readExplainInput(answer.frames, [answer.query]);
const explained = explainAll(input);

describe('markdownReport', () => {
  const entries = bySeverity(
    explained.map((e) => ({ evidence: e.evidence, note: templateNote(e.evidence), provider: 'Template' }))
  );
  const md = markdownReport(entries, { from: backend.from, to: backend.to, chart: '![chart](chart.svg)' });

  it('starts with the title and the summary table, then one section per event', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Vigil anomaly report');
    const table = lines.findIndex((l) => l.startsWith('| # | Severity | Series |'));
    const firstSection = lines.findIndex((l) => l.startsWith('## 1. '));
    expect(table).toBeGreaterThan(0);
    expect(firstSection).toBeGreaterThan(table);
    expect(lines.filter((l) => /^\| \d+ \|/.test(l))).toHaveLength(entries.length);
    expect(lines.filter((l) => l.startsWith('## '))).toHaveLength(entries.length);
    expect(md.indexOf('![chart](chart.svg)')).toBeLessThan(md.indexOf('## 1. '));
  });

  it('sorts by severity and puts the spike first, with its baseline vs peak and the provider', () => {
    expect(entries[0].evidence.shape.kind).toBe('spike');
    expect(md).toMatch(/## 1\. Traffic spike on api_requests_total\{route="\/checkout"\}/);
    expect(md).toMatch(
      /- Baseline vs peak: baseline 100\.\d+ before the event, expected \d+(\.\d+)? at the peak, observed 24\d/
    );
    expect(md).toContain('*Explanation: Template.*');
    expect(md).toContain('**Suspected causes**');
  });

  it('escapes table cells and says when there is nothing to report', () => {
    const e = { ...entries[0].evidence, metric: { ...entries[0].evidence.metric, series: 'a|b\nc' } };
    const one = markdownReport([{ evidence: e, note: 'n', provider: 'p' }], { from: 0, to: 1 });
    expect(one).toContain('| a\\|b c |');
    expect(markdownReport([], { from: 0, to: 60_000 })).toContain('No anomalies in this range.');
  });

  it('escapes HTML in series names and labels: no raw tag in the file, the same characters once rendered', () => {
    const route = '<script>alert(1)</script> & `x` *y*';
    const labels = { ...entries[0].evidence.metric.labels, route };
    const series = `api_requests_total{route="${route}"}`;
    const e = { ...entries[0].evidence, metric: { ...entries[0].evidence.metric, series, labels } };
    const md = markdownReport([{ evidence: e, note: templateNote(e), provider: 'Template' }], { from: 0, to: 1 });
    expect(md).not.toMatch(/<\/?script/);
    expect(md).toContain(
      '## 1. Traffic spike on api_requests_total{route="&lt;script&gt;alert(1)&lt;/script&gt; &amp; `x` *y*"}'
    );
    expect(md).toContain('| api_requests_total{route="&lt;script&gt;alert(1)&lt;/script&gt; &amp; `x` *y*"} |');
    // Code with < or & is written as escaped text; the panel's renderer shows the original characters.
    const div = document.createElement('div');
    div.innerHTML = renderSafeMarkdown(code(series));
    expect(div.textContent?.trim()).toBe(series);
    expect(div.querySelector('script, em, code')).toBeNull();
    // Code without them stays a code span.
    expect(code('rate(x[5m]) > 1')).toBe('`rate(x[5m]) > 1`');
  });
});

describe('renderChartSVG', () => {
  it('draws the band in the band colour, the markers in the marker colour and one panel per series', () => {
    const events = explained.map((e) => e.event);
    const svg = renderChartSVG(input.series, events, { from: backend.from, to: backend.to });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`fill="${SERIES_COLOR}"`);
    const markers = svg.match(new RegExp(`fill="${MARKER_COLOR}"`, 'g')) ?? [];
    const anomalousPoints = input.series.reduce((n, s) => n + Array.from(s.anomaly!).filter(Boolean).length, 0);
    expect(markers.length).toBeGreaterThanOrEqual(anomalousPoints);
    for (const s of input.series) {
      expect(svg).toContain(s.name.replace(/"/g, '&quot;'));
    }
  });
});
