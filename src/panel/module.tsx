import { PanelPlugin } from '@grafana/data';
import { EventsPanel, PanelOptions } from './components/EventsPanel';

export const plugin = new PanelPlugin<PanelOptions>(EventsPanel).setPanelOptions((builder) =>
  builder.addNumberInput({
    path: 'maxEvents',
    name: 'Max events',
    description: 'Show at most this many events, newest first.',
    defaultValue: 50,
    settings: { min: 1, integer: true },
  })
);
