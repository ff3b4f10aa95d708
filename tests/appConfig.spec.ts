import { test, expect } from './fixtures';

test('the configuration tab says the app has no settings and links to the data source setup', async ({
  appConfigPage,
  page,
}) => {
  await expect(page.getByText('Vigil needs no app settings', { exact: false })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add the data source' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Detector guide' })).toBeVisible();
  // The scaffold's sample API form is gone.
  await expect(page.getByRole('button', { name: /save api settings/i })).toHaveCount(0);
});
