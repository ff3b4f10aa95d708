// The package entry, not echarts/core: Node (the command line, Jest) loads its CommonJS build; the panel loads
// this module lazily, only for downloads.
import * as echarts from 'echarts';
import { medianStep } from '../detectors/series';
import { outputField } from '../outputs/outputs';
import { formatTime } from './format';
import { ExplainEvent, ExplainSeries } from './types';

/**
 * Each chart panel shows one series, drawn as a one-series Grafana panel with Vigil's outputs draws it
 * (pkg/outputs/outputs.json, docs/output-frames.md): the line, the dashed expected line and the band in the first
 * classic-palette colour, the band at the outputs' fill opacity. Markers are red in a report rather than the series'
 * colour: a static image has no tooltip and no legend to tell a large dot from the line, and one series per panel
 * leaves red free. The hex values are Grafana's for the palette's first colour ("green") and "red" (written out:
 * @grafana/data needs a browser, and this module also runs in the command line; chart.test.ts checks them against
 * @grafana/data's theme).
 */
export const SERIES_COLOR = '#73BF69';
export const BAND_FILL_OPACITY = Number(outputField('upper').config.custom?.fillOpacity ?? 20);
export const MARKER_COLOR = '#F2495C';
const REGION_COLOR = 'rgba(242, 73, 92, 0.10)';

export interface ChartOptions {
  /** Image size in px; the height grows with the number of panels when omitted. */
  width?: number;
  height?: number;
  /** Time zone of the axis labels (IANA name or 'utc'). */
  timeZone?: string;
  /** At most this many series get a panel (the first ones); default 8. */
  maxSeries?: number;
  /** Only this time range is drawn (Unix ms); default the series' whole range. */
  from?: number;
  to?: number;
}

const PANEL_HEIGHT = 170;
const TOP = 36;
const GAP = 44;

/**
 * The chart of a report as an ECharts option: one small panel per series (stacked vertically), each with the
 * observed values, the expected value (dashed), the band (filled between lower and upper; a stacked area with
 * stackStrategy "all" so negative bands fill correctly), red anomaly markers and the events' spans shaded.
 * Colours: SERIES_COLOR, BAND_FILL_OPACITY and MARKER_COLOR above.
 */
export function chartOption(
  series: ExplainSeries[],
  events: ExplainEvent[],
  options: ChartOptions = {}
): echarts.EChartsCoreOption {
  const shown = series.slice(0, options.maxSeries ?? 8);
  const tz = options.timeZone ?? 'utc';
  const grids: object[] = [];
  const xAxes: object[] = [];
  const yAxes: object[] = [];
  const lines: object[] = [];
  const titles: object[] = [{ text: '', left: 8, top: 4 }];
  shown.forEach((s, i) => {
    const top = TOP + i * (PANEL_HEIGHT + GAP);
    grids.push({ left: 64, right: 24, top, height: PANEL_HEIGHT });
    titles.push({ text: s.name, left: 64, top: top - 24, textStyle: { fontSize: 12, fontWeight: 'normal' } });
    xAxes.push({
      type: 'time',
      gridIndex: i,
      min: options.from,
      max: options.to,
      axisLabel: { formatter: (ms: number) => formatTime(ms, tz).slice(11, 16), hideOverlap: true },
      splitLine: { show: false },
    });
    yAxes.push({ type: 'value', gridIndex: i, scale: true, splitLine: { lineStyle: { color: '#e6e6e6' } } });
    const points = (
      values: ArrayLike<number> | undefined,
      pick: (j: number) => number | null = (j) => finiteOrNull(values![j])
    ) => (values ? Array.from({ length: s.t.length }, (_, j) => [s.t[j], pick(j)]) : []);
    const common = { xAxisIndex: i, yAxisIndex: i, symbol: 'none', animation: false };
    if (s.lower && s.upper) {
      const stack = `band-${i}`;
      lines.push({
        ...common,
        type: 'line',
        name: 'lower',
        stack,
        stackStrategy: 'all',
        data: points(s.lower),
        lineStyle: { opacity: 0 },
      });
      lines.push({
        ...common,
        type: 'line',
        name: 'band',
        stack,
        stackStrategy: 'all',
        data: points(s.upper, (j) => diffOrNull(s.upper![j], s.lower![j])),
        lineStyle: { opacity: 0 },
        areaStyle: { color: SERIES_COLOR, opacity: BAND_FILL_OPACITY / 100 },
      });
    }
    if (s.expected) {
      lines.push({
        ...common,
        type: 'line',
        name: 'expected',
        data: points(s.expected),
        lineStyle: { color: SERIES_COLOR, type: 'dashed', width: 1 },
      });
    }
    const half = medianStep(s.t) / 2;
    const regions = events
      .filter((e) => e.seriesKey === s.key)
      .map((e) => [{ xAxis: e.start - half }, { xAxis: e.end + half }]);
    lines.push({
      ...common,
      type: 'line',
      name: 'value',
      data: points(s.v),
      lineStyle: { color: SERIES_COLOR, width: 1.5 },
      itemStyle: { color: SERIES_COLOR },
      markArea: regions.length ? { silent: true, itemStyle: { color: REGION_COLOR }, data: regions } : undefined,
    });
    if (s.anomaly) {
      const marks: Array<[number, number]> = [];
      for (let j = 0; j < s.t.length; j++) {
        if (s.anomaly[j] && Number.isFinite(s.v[j])) {
          marks.push([s.t[j], s.v[j]]);
        }
      }
      lines.push({
        ...common,
        type: 'scatter',
        name: 'anomaly',
        symbol: 'circle',
        symbolSize: 9,
        data: marks,
        itemStyle: { color: MARKER_COLOR, opacity: 1 },
      });
    }
  });
  return { backgroundColor: '#ffffff', title: titles, grid: grids, xAxis: xAxes, yAxis: yAxes, series: lines };
}

/** Height in px that fits `n` series panels. */
export function chartHeight(n: number): number {
  return TOP + Math.max(1, n) * (PANEL_HEIGHT + GAP);
}

/**
 * Renders the report chart to an SVG document with ECharts' server-side SVG renderer (no DOM needed: works in
 * Node for the command line and in the browser for the panel's downloads).
 */
export function renderChartSVG(series: ExplainSeries[], events: ExplainEvent[], options: ChartOptions = {}): string {
  const n = Math.min(series.length, options.maxSeries ?? 8);
  const width = options.width ?? 900;
  const height = options.height ?? chartHeight(n);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(series, events, options));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function diffOrNull(upper: number, lower: number): number | null {
  return Number.isFinite(upper) && Number.isFinite(lower) ? upper - lower : null;
}
