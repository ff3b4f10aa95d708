/**
 * Browser test of the "Anomaly detection" transformation (npm run test:browser): bundles tests/browser/harness,
 * serves it on 127.0.0.1, renders it in the Debian Chromium driven by playwright-core, and checks, for each of three
 * series: that it is drawn in the same colour as in a control render of the same frames without the
 * transformation, and that its band and its anomaly markers are drawn in that colour in the plot area (and absent
 * from the control render); and that the transformed frames draw the same pixels when "no value" is written as
 * null instead of a hole. Then drives both editors with real clicks (tests/browser/editors.ts): one onChange per
 * detector or output picked, and the page settles. Saves the transformed render as transformation.png (see
 * screenshots.ts: an ignored folder, or also the tracked src/img/screenshots/ with --docs-img).
 * Exit code 1 on any failure.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, Page } from 'playwright-core';
import { outputField } from '../../src/outputs/outputs';
import { bundleHarness } from './bundle';
import { checkEditors } from './editors';
import { ColourTarget, countColoursInPlot, hexToRgb, plotPixelsHash } from './pixels';
import { saveScreenshot } from './screenshots';
import { serve } from './serve';


const BAND_FILL_OPACITY: number = outputField('upper').config.custom.fillOpacity;
const MARKER_SIZE: number = outputField('anomaly').config.custom.pointSize;

/**
 * What to count for each series, in the colour that series is drawn in (src/outputs: the band and the markers take
 * their series' colour): its band is that colour at the fill opacity; its markers are opaque disks of that colour,
 * counted by their solid core (pixels whose whole 5 × 5 neighbourhood is the colour: a 9 px disk has some, the
 * series' own 1 px line and the dashed expected line none).
 */
function targetsFor(seriesColors: string[]): Record<string, ColourTarget> {
  const alpha = Math.round(2.55 * BAND_FILL_OPACITY);
  return Object.fromEntries(
    seriesColors.flatMap((color, k) => [
      [`band ${k}`, { rgb: hexToRgb(color), tolerance: 12, alpha: [alpha - 12, alpha + 12] }],
      [`markers ${k}`, { rgb: hexToRgb(color), tolerance: 20, alpha: [230, 255], solid: 2 }],
    ])
  );
}
/**
 * Minimum pixels for "drawn", per series: a band covers thousands (where bands overlap their colours mix, so not
 * all count); one marker's solid core measured 7 to 12 pixels here, and every series has at least one injected
 * anomaly; the control render has none.
 */
const MIN_PIXELS = { band: 2000, markers: 5 };

async function render(page: Page, url: string, errors: string[]) {
  await page.goto(url);
  await page.waitForFunction(() => window.__harness?.bbox || window.__harness?.error, undefined, { timeout: 30_000 });
  const error = await page.evaluate(() => window.__harness?.error);
  if (error) {
    throw new Error(`harness failed: ${error}`);
  }
  // One more frame so uPlot has finished drawing after its last hook.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const seriesColors = await page.evaluate(() => window.__harness?.seriesColors ?? []);
  const counts = await page.evaluate(countColoursInPlot, targetsFor(seriesColors));
  if (typeof counts === 'string') {
    throw new Error(counts);
  }
  const fields = await page.evaluate(() => window.__harness?.fields ?? []);
  const hash = await page.evaluate(plotPixelsHash);
  return { counts, fields, seriesColors, hash, errors: [...errors] };
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
    fs.writeFileSync(
      path.join(dir, 'editors.html'),
      fs.readFileSync(path.join(__dirname, 'harness/index.html'), 'utf8').replace('harness.js', 'editors.js')
    );
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
    console.log(
      `series colours: control ${control.seriesColors.join(' ')}, transformed ${transformed.seriesColors.join(' ')}`
    );
    if (new Set(control.seriesColors).size !== 3 || transformed.seriesColors.join() !== control.seriesColors.join()) {
      failures.push('each series must keep the colour it has without the transformation (three distinct colours)');
    }
    transformed.seriesColors.forEach((color, k) => {
      // Counted in the control render with the same series colours, so "absent without the transformation" is real.
      const counts = (r: typeof transformed) => ({ band: r.counts[`band ${k}`], markers: r.counts[`markers ${k}`] });
      const got = counts(transformed);
      const none = counts(control);
      console.log(
        `series ${k} (${color}): band ${got.band} px, marker cores ${got.markers} px (${MARKER_SIZE} px points); ` +
          `control: band ${none.band} px, marker cores ${none.markers} px`
      );
      for (const key of ['band', 'markers'] as const) {
        if (got[key] < MIN_PIXELS[key]) {
          failures.push(`series ${k} ${key}: ${got[key]} px in the plot area, expected at least ${MIN_PIXELS[key]}`);
        }
        if (none[key] >= MIN_PIXELS[key]) {
          failures.push(
            `series ${k} ${key}: the control render without the transformation has ${none[key]} px; the check cannot tell`
          );
        }
      }
    });
    console.log(
      `plot pixels: transformed ${transformed.hash}, same frames with nulls for "no value" ${withNulls.hash}`
    );
    if (withNulls.hash !== transformed.hash) {
      failures.push('holes and nulls for "no value" draw different pixels; see float64ToValues');
    }
    failures.push(...(await checkEditors(page, base.replace('index.html', 'editors.html'))));
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
    console.error(`FAIL tests/browser:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log(
    'PASS tests/browser: series keep their colours; each band and its markers drawn in its series colour; absent ' +
      'without the transformation; both editors call onChange once per pick and settle'
  );
}

main().catch((e) => {
  console.error('FAIL tests/browser:', e);
  process.exit(1);
});
