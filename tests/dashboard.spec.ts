import { DEMO, expect, test } from './fixtures';

test('the demo dashboard draws the Vigil band panels without errors', async ({
  readProvisionedDashboard,
  gotoDashboardPage,
}) => {
  const dashboard = await readProvisionedDashboard({ fileName: DEMO.dashboardFile });
  const dashboardPage = await gotoDashboardPage(dashboard);
  for (const title of DEMO.bandPanels) {
    const panel = dashboardPage.getPanelByTitle(title);
    await panel.scrollIntoView();
    await expect(panel.locator).toBeVisible();
    await expect(panel.getErrorIcon()).toHaveCount(0);
  }
});

test('the explanations panel lists events or says there are none', async ({
  readProvisionedDashboard,
  gotoDashboardPage,
}) => {
  const dashboard = await readProvisionedDashboard({ fileName: DEMO.dashboardFile });
  const dashboardPage = await gotoDashboardPage(dashboard);
  const panel = dashboardPage.getPanelByTitle(DEMO.eventsPanel);
  await panel.scrollIntoView();
  await expect(panel.getErrorIcon()).toHaveCount(0);
  await expect(
    panel.locator
      .getByRole('list', { name: 'Anomaly events' })
      .or(panel.locator.getByText('No anomalies in this time range.'))
  ).toBeVisible();
});
