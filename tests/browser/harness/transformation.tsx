/**
 * Browser harness: Prometheus-shaped frames → the "Anomaly detection" transformation through @grafana/data's
 * transformDataFrame → field defaults and overrides as a stock time series panel applies them → @grafana/ui's
 * TimeSeries (uPlot), dark theme. `?control=1` renders the same frames without the transformation; `?nulls=1`
 * renders the transformed frames with every "no value" written as null instead of left as a hole (see
 * float64ToValues), which must draw the same pixels.
 * When drawn, window.__harness holds the plot area (uPlot bbox, canvas pixels) and the colour each pod's series is
 * drawn in for tests/browser/run.ts.
 */
import 'uplot/dist/uPlot.min.css';
import React from 'react';
import { createRoot } from 'react-dom/client';
import { firstValueFrom } from 'rxjs';
import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  dateTime,
  FieldType,
  getFieldSeriesColor,
  standardTransformersRegistry,
  ThemeContext,
  transformDataFrame,
} from '@grafana/data';
import { LegendDisplayMode, TimeSeries } from '@grafana/ui';
import { ANOMALY_TRANSFORMATION_ID } from '../../../src/transformation/id';
import { registerAnomalyTransformation } from '../../../src/transformation/registerCodeSplit';
import { coreItems, minuteTimes, promSeriesFrame } from '../../../src/transformation/testing/promFrames';
import { withPanelDefaults } from './panelDefaults';

declare global {
  interface Window {
    __harness?: {
      bbox?: { left: number; top: number; width: number; height: number };
      error?: string;
      fields?: string[];
      /** The colour each pod's own series (not an added field) is drawn in, in pod order. */
      seriesColors?: string[];
    };
  }
}

const N = 360;
const theme = createTheme({ colors: { mode: 'dark' } });

const PODS = ['api-1', 'api-2', 'api-3'];

/**
 * Three pods' request rates with a daily-ish wave and noise from a fixed formula; their bands overlap. Injected: a
 * spike and a dip on api-1, a spike on api-2, a spike on api-3.
 */
function podFrames(): DataFrame[] {
  const t = minuteTimes(N);
  const wave = (i: number) =>
    100 + 15 * Math.sin((2 * Math.PI * i) / 180) + 3 * Math.sin(i * 2.3) + 2 * Math.cos(i * 0.7);
  const a = t.map((_, i) => wave(i) + (i === 250 ? 45 : 0) + (i >= 300 && i < 304 ? -35 : 0));
  const b = t.map((_, i) => wave(i) * 0.5 - 5 + (i === 200 ? 30 : 0));
  const c = t.map((_, i) => wave(i + 40) * 0.7 + 10 + (i === 150 ? 35 : 0));
  return [a, b, c].map((v, k) =>
    promSeriesFrame(t, v, { __name__: 'http_requests_per_second', pod: PODS[k] }, { legend: PODS[k] })
  );
}

async function main() {
  const query = new URLSearchParams(location.search);
  const control = query.get('control') === '1';
  // As in Grafana 13.1: core items registered at start-up, then the plugin module registers its item.
  standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
  registerAnomalyTransformation();
  const input = podFrames();
  // EWMA with its defaults: its band follows this wave, so the picture shows the three injected anomalies only.
  const transformed = control
    ? input
    : await firstValueFrom(
        transformDataFrame([{ id: ANOMALY_TRANSFORMATION_ID, options: { detector: 'ewma' } }], input)
      );
  if (query.get('nulls') === '1') {
    transformed.forEach((frame) =>
      frame.fields.forEach((f) => (f.values = Array.from(f.values, (v) => (v === undefined ? null : v))))
    );
  }
  const timeRange = {
    from: dateTime(input[0].fields[0].values[0]),
    to: dateTime(input[0].fields[0].values[N - 1]),
    raw: { from: 'now-6h', to: 'now' },
  };
  const frames = applyFieldOverrides({
    data: withPanelDefaults(transformed),
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (s: string) => s,
    theme,
    timeZone: 'utc',
  });
  const seriesColors = PODS.map((pod) => {
    const field = frames
      .flatMap((f) => f.fields)
      .find((f) => f.type === FieldType.number && f.name === 'Value' && f.labels?.pod === pod);
    return field ? getFieldSeriesColor(field, theme).color : 'missing';
  });
  window.__harness = { fields: frames.flatMap((f) => f.fields.map((x) => x.name)), seriesColors };

  const root = document.getElementById('root')!;
  document.body.style.background = theme.colors.background.primary;
  createRoot(root).render(
    <ThemeContext.Provider value={theme}>
      <TimeSeries
        frames={frames}
        width={900}
        height={420}
        timeRange={timeRange}
        timeZone="utc"
        legend={{ displayMode: LegendDisplayMode.List, placement: 'bottom', showLegend: true, calcs: [] }}
      >
        {(builder) => {
          builder.addHook('draw', (u) => {
            window.__harness = { ...window.__harness, bbox: u.bbox };
          });
          return null;
        }}
      </TimeSeries>
    </ThemeContext.Provider>
  );
}

main().catch((e) => {
  window.__harness = { error: String(e?.stack ?? e) };
});
