import { config, getBackendSrv, getDataSourceSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { llmConfigured, LLMJsonData } from '../datasource/components/LLMSettings';
import { NotesService, AnnotationRecord, NOTE_TAG } from './notes';
import { streamFromDataSource } from './providers/dataSourceStream';
import { ExplainServices, LLMDataSource } from './providers/explainer';
import { llmAppEnabled, streamFromLLMApp } from './providers/llmApp';

const VIGIL_DATASOURCE = 'vigil-anomaly-datasource';

/**
 * The explainer's services in Grafana. The LLM data source is found without any request: the panel option's
 * data source, else the panel's own Vigil queries' data sources, else any Vigil data source — the first whose
 * settings (jsonData, already in the browser) name an endpoint.
 */
export function grafanaExplainServices(panelDataSourceUids: string[], preferredUid?: string): ExplainServices {
  return {
    llmAppEnabled,
    streamLLMApp: (messages, onText, signal) => streamFromLLMApp(messages, onText, { signal }),
    llmDataSource: () => findLLMDataSource(panelDataSourceUids, preferredUid),
    streamDataSource: (uid, messages, onText, signal) =>
      streamFromDataSource(uid, messages, onText, { appSubUrl: config.appSubUrl ?? '', signal }),
  };
}

function findLLMDataSource(panelUids: string[], preferredUid?: string): LLMDataSource | undefined {
  const srv = getDataSourceSrv();
  const candidates = [
    ...[preferredUid, ...panelUids].filter((u): u is string => Boolean(u)).map((u) => srv.getInstanceSettings(u)),
    ...srv.getList({ pluginId: VIGIL_DATASOURCE }),
  ];
  for (const ds of candidates) {
    const jsonData = ds?.jsonData as LLMJsonData | undefined;
    if (ds && ds.type === VIGIL_DATASOURCE && llmConfigured(jsonData)) {
      return { uid: ds.uid, name: ds.name, model: jsonData?.llmModel };
    }
  }
  return undefined;
}

/** Saved notes through Grafana's annotations HTTP API (the user's session; editor rights to save). */
export const grafanaNotes: NotesService = {
  load: async (dashboardUID, from, to) =>
    (await getBackendSrv().get<AnnotationRecord[]>(
      '/api/annotations',
      { dashboardUID, from, to, tags: NOTE_TAG, type: 'annotation', limit: 1000 },
      undefined,
      { showErrorAlert: false }
    )) ?? [],
  save: async (annotation) => {
    const res = await lastValueFrom(
      getBackendSrv().fetch<{ id?: number }>({
        url: '/api/annotations',
        method: 'POST',
        data: annotation,
        showErrorAlert: false,
      })
    );
    return res.data?.id;
  },
};
