import { DEMO, expect, test } from './fixtures';

test('each provisioned Vigil score alert rule evaluates', async ({
  readProvisionedAlertRule,
  gotoAlertRuleEditPage,
}) => {
  for (const title of ['Request rate anomaly', 'p95 latency anomaly', 'Error ratio anomaly']) {
    const rule = await readProvisionedAlertRule({ fileName: DEMO.alertRulesFile, ruleTitle: title });
    const editPage = await gotoAlertRuleEditPage(rule);
    await expect(editPage.evaluate()).toBeOK();
  }
});
