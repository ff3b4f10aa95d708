import pluginJson from './plugin.json';

/** The app's pages live under this path in Grafana. */
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** The app's routes below PLUGIN_BASE_URL; Overview is plugin.json's defaultNav page. */
export enum ROUTES {
  Overview = 'overview',
}
