/**
 * Browser test of the "Anomaly detection" transformation (npm run test:browser): bundles tests/browser/harness,
 * serves it on 127.0.0.1, renders it in the Debian Chromium driven by playwright-core, and checks the band and
 * the red markers are drawn in the plot area — and absent in a control render of the same frames without the
 * transformation — and that the transformed frames draw the same pixels when "no value" is written as null
 * instead of a hole. Saves the transformed render as transformation.png (see screenshots.ts: an ignored folder, or
 * also the tracked src/img/screenshots/ with --docs-img). Exit code 1 on any failure.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, Page } from 'playwright-core';
import { BAND_COLOR, BAND_FILL_OPACITY, MARKER_COLOR } from '../../src/transformation/colors';
import { bundleHarness } from './bundle';
import { ColourTarget, countColoursInPlot, hexToRgb, plotPixelsHash } from './pixels';
import { saveScreenshot } from './screenshots';
import { serve } from './serve';

/** The band is the band colour at the fill opacity; markers are opaque red points. */
const TARGETS: Record<string, ColourTarget> = {
  band: {
    rgb: hexToRgb(BAND_COLOR),
    tolerance: 12,
    alpha: [Math.round(2.55 * BAND_FILL_OPACITY) - 12, Math.round(2.55 * BAND_FILL_OPACITY) + 12],
  },
  markers: { rgb: hexToRgb(MARKER_COLOR), tolerance: 20, alpha: [230, 255] },
};
/** Minimum pixels for "drawn": the band covers tens of thousands; one 9 px marker about 60, of which 40 are safely clear of lines and anti-aliasing. */
const MIN_PIXELS = { band: 5000, markers: 40 };

async function render(page: Page, url: string, errors: string[]) {
  await page.goto(url);
  await page.waitForFunction(() => window.__harness?.bbox || window.__harness?.error, undefined, { timeout: 30_000 });
  const error = await page.evaluate(() => window.__harness?.error);
  if (error) {
    throw new Error(`harness failed: ${error}`);
  }
  // One more frame so uPlot has finished drawing after its last hook.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const counts = await page.evaluate(countColoursInPlot, TARGETS);
  if (typeof counts === 'string') {
    throw new Error(counts);
  }
  const fields = await page.evaluate(() => window.__harness?.fields ?? []);
  const hash = await page.evaluate(plotPixelsHash);
  return { counts, fields, hash, errors: [...errors] };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-browser-'));
  let server: http.Server | undefined;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const failures: string[] = [];
  try {
    await bundleHarness(dir);
    fs.copyFileSync(path.join(__dirname, 'harness/index.html'), path.join(dir, 'index.html'));
    server = await serve(dir);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
    const page = await browser.newPage({ viewport: { width: 960, height: 500 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    const transformed = await render(page, base, errors);
    const screenshots = await saveScreenshot(page.locator('#root'), 'transformation.png');
    const control = await render(page, `${base}?control=1`, errors);
    const withNulls = await render(page, `${base}?nulls=1`, errors);

    console.log(`transformed: fields ${transformed.fields.join(', ')}`);
    console.log(`transformed: band ${transformed.counts.band} px, markers ${transformed.counts.markers} px`);
    console.log(`control:     band ${control.counts.band} px, markers ${control.counts.markers} px`);
    for (const key of ['band', 'markers'] as const) {
      if (transformed.counts[key] < MIN_PIXELS[key]) {
        failures.push(`${key}: ${transformed.counts[key]} px in the plot area, expected at least ${MIN_PIXELS[key]}`);
      }
      if (control.counts[key] >= MIN_PIXELS[key]) {
        failures.push(
          `${key}: the control render without the transformation has ${control.counts[key]} px; the colour check cannot tell`
        );
      }
    }
    console.log(
      `plot pixels: transformed ${transformed.hash}, same frames with nulls for "no value" ${withNulls.hash}`
    );
    if (withNulls.hash !== transformed.hash) {
      failures.push('holes and nulls for "no value" draw different pixels; see float64ToValues');
    }
    if (errors.length) {
      failures.push(`page errors: ${errors.join('; ')}`);
    }
    console.log(`screenshot: ${screenshots.join(', ')}`);
  } finally {
    await browser.close();
    server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`FAIL tests/browser (transformation):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('PASS tests/browser (transformation): band and markers drawn; absent without the transformation');
}

main().catch((e) => {
  console.error('FAIL tests/browser:', e);
  process.exit(1);
});
