import { test, expect } from './fixtures';

test.describe('navigating app', () => {
  test('the overview page lists the detectors', async ({ gotoPage, page }) => {
    await gotoPage(); // the app has one page, the overview, at its root
    await expect(page.getByText('Vigil finds anomalies', { exact: false })).toBeVisible();
    await expect(page.getByText('isolation_forest')).toBeVisible();
  });
});
