import { AppConfigPage, AppPage, test as base } from '@grafana/plugin-e2e';
import pluginJson from '../src/plugin.json';

type AppTestFixture = {
  appConfigPage: AppConfigPage;
  gotoPage: (path?: string) => Promise<AppPage>;
};

/** Provisioned resources of the demo stack (provisioning/) the specs use. */
export const DEMO = {
  datasourcesFile: 'datasources.yml',
  vigilDataSourceName: 'Vigil',
  dashboardFile: 'json/vigil-demo.json',
  alertRulesFile: 'vigil-alert-rules.yml',
  bandPanels: ['Request rate with anomaly band', 'p95 latency with anomaly band', 'Error ratio with anomaly band'],
  eventsPanel: 'Anomaly explanations',
};

export const test = base.extend<AppTestFixture>({
  appConfigPage: async ({ gotoAppConfigPage }, use) => {
    const configPage = await gotoAppConfigPage({
      pluginId: pluginJson.id,
    });
    await use(configPage);
  },
  gotoPage: async ({ gotoAppPage }, use) => {
    await use((path) =>
      gotoAppPage({
        path,
        pluginId: pluginJson.id,
      })
    );
  },
});

export { expect } from '@grafana/plugin-e2e';
