/**
 * Browser harness of the "Anomaly explanations" panel: the real panel component with @grafana/ui, dark theme,
 * on the frames the backend answered in testdata/explain/backend-frames.json (request rate, p95 latency and
 * error bursts with injected anomalies). There is no Grafana server: the LLM app is "not installed", the data
 * source LLM endpoint is the harness server's /api/datasources/uid/vigil/resources/llm/chat when the page is
 * opened with ?provider=ds (absent otherwise), annotations are kept in memory. window.__harness reports the
 * zoom requests and saved annotations to tests/browser/explanations.ts.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, dataFrameFromJSON, DataFrameJSON, dateTime, LoadingState, PanelProps } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import backend from '../../../testdata/explain/backend-frames.json';
import { EventsPanel, PanelOptions } from '../../../src/panel/components/EventsPanel';
import { PanelServicesContext } from '../../../src/panel/context';
import { AnnotationRecord } from '../../../src/panel/notes';
import { streamFromDataSource } from '../../../src/panel/providers/dataSourceStream';
import { ExplainServices } from '../../../src/panel/providers/explainer';

declare global {
  interface Window {
    __harness?: {
      ready?: boolean;
      error?: string;
      zoom?: { from: number; to: number };
      saved?: AnnotationRecord[];
    };
  }
}

const theme = createTheme({ colors: { mode: 'dark' } });

function main() {
  const query = new URLSearchParams(location.search);
  const refIds = ['A', 'B', 'G'];
  const answers = (backend.answers as unknown as Array<{ query: any; frames: DataFrameJSON[] }>).filter((a) =>
    refIds.includes(a.query.refId)
  );
  const series = answers.flatMap((a) => a.frames.map((f) => ({ ...dataFrameFromJSON(f), refId: a.query.refId })));
  const saved: AnnotationRecord[] = [];
  window.__harness = { saved };
  const services: ExplainServices = {
    llmAppEnabled: async () => false,
    streamLLMApp: async () => undefined,
    llmDataSource: () =>
      query.get('provider') === 'ds' ? { uid: 'vigil', name: 'Vigil', model: 'harness-model' } : undefined,
    streamDataSource: (uid, messages, onText, signal) => streamFromDataSource(uid, messages, onText, { signal }),
  };
  const props = {
    data: {
      series,
      state: LoadingState.Done,
      timeRange: { from: dateTime(backend.from), to: dateTime(backend.to), raw: { from: 'now-2d', to: 'now' } },
      request: { targets: answers.map((a) => a.query), dashboardUID: 'harness' },
    },
    options: { maxEvents: 50, sortBy: 'severity', explainProvider: 'auto' },
    width: 860,
    height: 640,
    timeZone: 'utc',
    onChangeTimeRange: (r: { from: number; to: number }) => (window.__harness = { ...window.__harness, zoom: r }),
    replaceVariables: (s: string) => s,
  } as unknown as PanelProps<PanelOptions>;

  document.body.style.background = theme.colors.background.canvas;
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <PanelServicesContext.Provider
        value={{
          explain: services,
          notes: { load: async () => saved, save: async (a) => (saved.push(a), saved.length) },
        }}
      >
        <div style={{ background: theme.colors.background.primary, padding: 8, color: theme.colors.text.primary }}>
          <EventsPanel {...props} />
        </div>
      </PanelServicesContext.Provider>
    </ThemeContext.Provider>
  );
  window.__harness = { ...window.__harness, ready: true };
}

try {
  main();
} catch (e) {
  window.__harness = { error: String((e as Error)?.stack ?? e) };
}
