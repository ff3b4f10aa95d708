import { test, expect } from './fixtures';
import pluginJson from '../src/plugin.json';
import { ROUTES } from '../src/routes';

test.describe('navigating app', () => {
  test('the overview page lists the detectors', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Overview}`);
    await expect(page.getByText('Vigil finds anomalies', { exact: false })).toBeVisible();
    await expect(page.getByText('isolation_forest')).toBeVisible();
  });

  test('the app root opens the overview under the app name, not "More apps"', async ({ gotoPage, page }) => {
    await gotoPage('');
    await expect(page).toHaveURL(new RegExp(`/a/${pluginJson.id}/${ROUTES.Overview}$`));
    await expect(page.getByRole('heading', { name: pluginJson.name, level: 1 })).toBeVisible();
  });
});
