import { PanelPlugin } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { EventsPanel, PanelOptions } from './components/EventsPanel';

export const plugin = new PanelPlugin<PanelOptions>(EventsPanel).setPanelOptions((builder) =>
  builder
    .addNumberInput({
      path: 'maxEvents',
      name: 'Max events',
      description: 'Show at most this many events.',
      defaultValue: 50,
      settings: { min: 1, integer: true },
    })
    .addRadio({
      path: 'sortBy',
      name: 'Sort by',
      defaultValue: 'severity',
      settings: {
        options: [
          { value: 'severity', label: 'Severity' },
          { value: 'time', label: 'Time' },
        ],
      },
    })
    .addRadio({
      path: 'explainProvider',
      name: 'Explanations',
      description:
        'Automatic: the Grafana LLM app if enabled, else the LLM endpoint of a Vigil data source, else the template. Template: never ask an LLM.',
      defaultValue: 'auto',
      settings: {
        options: [
          { value: 'auto', label: 'Automatic' },
          { value: 'template', label: 'Template only' },
        ],
      },
    })
    .addSelect({
      path: 'llmDataSource',
      name: 'LLM data source',
      description:
        'The Vigil data source whose LLM endpoint writes explanations; default: the panel’s own, else any configured one.',
      settings: {
        allowCustomValue: false,
        isClearable: true,
        options: [],
        getOptions: async () =>
          getDataSourceSrv()
            .getList({ pluginId: 'vigil-anomaly-datasource' })
            .map((ds) => ({ value: ds.uid, label: ds.name })),
      },
      showIf: (o) => o.explainProvider !== 'template',
    })
);
