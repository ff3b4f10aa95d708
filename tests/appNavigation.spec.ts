import { test, expect } from './fixtures';
import { ROUTES } from '../src/constants';

test.describe('navigating app', () => {
  test('the overview page lists the detectors', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Overview}`);
    await expect(page.getByText('Vigil finds anomalies', { exact: false })).toBeVisible();
    await expect(page.getByText('isolation_forest')).toBeVisible();
  });
});
