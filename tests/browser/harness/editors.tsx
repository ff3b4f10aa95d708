/**
 * Browser harness for the editors: the transformation editor and the query editor, each under a host that feeds
 * every onChange back as Grafana does (src/transformation/testing/TransformationsTab.tsx,
 * src/datasource/components/testing/QueryRows.tsx), in the dark theme. tests/browser/editors.ts drives them with
 * real clicks and reads the counts from window.__editors.
 */
import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, standardTransformersRegistry, ThemeContext } from '@grafana/data';
import {
  QueryEditorStats,
  QueryRows,
  recorder as queryRecorder,
} from '../../../src/datasource/components/testing/QueryRows';
import { registerAnomalyTransformation } from '../../../src/transformation/registerCodeSplit';
import { coreItems, minuteTimes, promSeriesFrame, spikySeries } from '../../../src/transformation/testing/promFrames';
import {
  EditorStats,
  recorder as transformationRecorder,
  TransformationsTab,
} from '../../../src/transformation/testing/TransformationsTab';

declare global {
  interface Window {
    __editors?: { transformation: EditorStats; query: QueryEditorStats; error?: string };
  }
}

const theme = createTheme({ colors: { mode: 'dark' } });
standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
registerAnomalyTransformation();

const stats = {
  transformation: { renders: 0, changes: 0 } as EditorStats,
  query: { renders: 0, changes: 0, runs: 0 } as QueryEditorStats,
};
window.__editors = stats;
window.addEventListener('error', (e) => (stats as any).error ?? ((stats as any).error = String(e.message)));

const data = [0, 1, 2].map((k) =>
  promSeriesFrame(minuteTimes(300), spikySeries(300, 150 + k * 20), { pod: `api-${k}` }, { legend: `api-${k}` })
);
document.body.style.background = theme.colors.background.primary;
createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    <div id="transformation" style={{ padding: 8 }}>
      <TransformationsTab data={data} record={transformationRecorder(stats.transformation)} />
    </div>
    <div id="query" style={{ padding: 8 }}>
      <QueryRows record={queryRecorder(stats.query)} />
    </div>
  </ThemeContext.Provider>
);
