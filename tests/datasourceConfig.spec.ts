import dsPluginJson from '../src/datasource/plugin.json';
import { DEMO, expect, test } from './fixtures';

// Run against the demo stack (npm run server): Grafana on GRAFANA_URL with provisioning/ loaded.

test('the provisioned Vigil data source saves and passes Save & test', async ({
  readProvisionedDataSource,
  gotoDataSourceConfigPage,
}) => {
  const ds = await readProvisionedDataSource({ fileName: DEMO.datasourcesFile, name: DEMO.vigilDataSourceName });
  const configPage = await gotoDataSourceConfigPage(ds.uid);
  await expect(configPage.saveAndTest()).toBeOK();
});

test('a new Vigil data source says when Prometheus is unreachable', async ({ createDataSourceConfigPage, page }) => {
  const configPage = await createDataSourceConfigPage({ type: dsPluginJson.id });
  // Nothing listens on this port inside the compose network.
  await page.getByLabel('Prometheus URL').fill('http://prometheus:9999');
  await expect(configPage.saveAndTest()).not.toBeOK();
  await expect(configPage).toHaveAlert('error');
});
