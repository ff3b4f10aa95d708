import { Locator, Page } from 'playwright-core';
import { DETECTOR_OPTIONS } from '../../src/components/DetectorForm/paramChecks';
import { OUTPUTS } from '../../src/outputs/outputs';

/**
 * The editors in Chromium (npm run test:browser), under hosts that feed every onChange back as Grafana does
 * (tests/browser/harness/editors.tsx): picking each detector with the mouse, then each query output, must call
 * onChange exactly once and let the page settle. jsdom cannot show this: @grafana/ui's Combobox (downshift) reports a
 * mouse pick again on the renders that follow it, which only happens with real layout and focus; an editor that
 * passed those reports on called onChange three times per pick here, each one re-running the panel in Grafana.
 */

type Counts = { renders: number; changes: number; runs?: number };
type Which = 'transformation' | 'query';

async function counts(page: Page, which: Which): Promise<Counts> {
  return page.evaluate((w) => {
    const s = window.__editors![w] as any;
    return { renders: s.renders, changes: s.changes, runs: s.runs };
  }, which);
}

/** Waits until the counts stop moving (or fails after 5 s: a loop never settles). */
async function settled(page: Page, which: Which): Promise<Counts> {
  let last = await counts(page, which);
  for (let i = 0; i < 25; i++) {
    await page.waitForTimeout(200);
    const now = await counts(page, which);
    if (now.renders === last.renders && now.changes === last.changes) {
      return now;
    }
    last = now;
  }
  throw new Error(`${which} editor: renders do not settle (${JSON.stringify(last)})`);
}

async function pickDetector(page: Page, editor: Locator, name: string) {
  const input = editor.getByLabel('Detector', { exact: true });
  await input.click();
  await input.fill(name); // filters the menu, as a user types
  await page
    .getByRole('option', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) })
    .first()
    .click();
}

/** Returns one failure message per action that did not call onChange exactly once or did not settle. */
export async function checkEditors(page: Page, url: string): Promise<string[]> {
  const failures: string[] = [];
  await page.goto(url);
  await page.waitForFunction(() => window.__editors !== undefined, undefined, { timeout: 30_000 });
  const step = async (which: Which, what: string, act: () => Promise<void>, runs?: number) => {
    const before = await settled(page, which);
    try {
      await act();
      const after = await settled(page, which);
      const changes = after.changes - before.changes;
      const ran = (after.runs ?? 0) - (before.runs ?? 0);
      console.log(
        `${which} editor, ${what}: ${changes} onChange, ${after.renders - before.renders} renders${runs !== undefined ? `, ${ran} runs` : ''}`
      );
      if (changes !== 1 || (runs !== undefined && ran !== runs)) {
        failures.push(
          `${which} editor, ${what}: ${changes} onChange calls${runs !== undefined ? ` and ${ran} runs` : ''}, want 1`
        );
      }
    } catch (e) {
      failures.push(String(e instanceof Error ? e.message : e));
    }
  };
  const transformation = page.locator('#transformation');
  const query = page.locator('#query');
  for (const { label } of [...DETECTOR_OPTIONS.slice(1), DETECTOR_OPTIONS[0]]) {
    await step('transformation', `detector ${label}`, () => pickDetector(page, transformation, label));
  }
  for (const { label } of [...DETECTOR_OPTIONS.slice(1), DETECTOR_OPTIONS[0]]) {
    await step('query', `detector ${label}`, () => pickDetector(page, query, label), 1);
  }
  for (const { label } of [...OUTPUTS.queryOutputs.slice(1), OUTPUTS.queryOutputs[0]]) {
    await step('query', `output ${label}`, () => query.getByLabel(label, { exact: true }).click({ force: true }), 1);
  }
  const error = await page.evaluate(() => (window.__editors as any).error);
  if (error) {
    failures.push(`page error: ${error}`);
  }
  return failures;
}
