/**
 * Browser test of the app's pages (part of npm run test:browser): bundles tests/browser/harness/appPage.tsx,
 * renders the Overview page (reached through the app's root URL, as from the nav) and the Configuration tab in
 * the Debian Chromium, at a wide and a narrow width, and checks that no heading, paragraph, button, link or
 * table overlaps another one (a button once overlapped the "Detectors" heading in Grafana) and that headings keep
 * a gap from the block above them. Saves the Overview as overview.png (see screenshots.ts). Exit code 1 on failure.
 */
import * as fs from 'fs';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, Page } from 'playwright-core';
import { bundleHarness } from './bundle';
import { saveScreenshot } from './screenshots';
import { serve } from './serve';

/** Minimum vertical space between a heading and the block above it, in CSS pixels (Grafana's spacing(1)). */
const MIN_HEADING_GAP = 8;

interface Box {
  what: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Runs in the page: the boxes of every visible text block and control inside #page, and the overlapping pairs. */
function layoutProblems(minHeadingGap: number): { blocks: number; problems: string[] } {
  const selector = 'h1,h2,h3,h4,h5,h6,p,a,button,table';
  const elements = Array.from(document.querySelectorAll<HTMLElement>(`#page ${selector}`)).filter(
    (e) => e.getClientRects().length > 0
  );
  const describe = (e: HTMLElement) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 40)}"`;
  const boxes = elements.map((e) => {
    const r = e.getBoundingClientRect();
    return { e, box: { what: describe(e), top: r.top, bottom: r.bottom, left: r.left, right: r.right } };
  });
  const problems: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.e.contains(b.e) || b.e.contains(a.e)) {
        continue; // a link inside a paragraph, a button inside a table cell
      }
      const overlapX = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const overlapY = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (overlapX > 0.5 && overlapY > 0.5) {
        problems.push(`${a.box.what} overlaps ${b.box.what} by ${overlapX.toFixed(1)}×${overlapY.toFixed(1)} px`);
      }
    }
  }
  // Every heading sits at least minHeadingGap below the nearest block that ends above it.
  for (const h of boxes.filter((x) => /^H\d$/.test(x.e.tagName))) {
    const above = boxes
      .filter((x) => x !== h && !x.e.contains(h.e) && !h.e.contains(x.e) && x.box.bottom <= h.box.top + 0.5)
      .sort((x, y) => y.box.bottom - x.box.bottom)[0];
    if (above && h.box.top - above.box.bottom < minHeadingGap) {
      problems.push(`${h.box.what} is ${(h.box.top - above.box.bottom).toFixed(1)} px below ${above.box.what}`);
    }
  }
  return { blocks: boxes.length, problems };
}

async function open(page: Page, url: string, errors: string[]) {
  await page.goto(url);
  await page.waitForFunction(() => window.__appPage?.ready || window.__appPage?.error, undefined, {
    timeout: 30_000,
  });
  const error = await page.evaluate(() => window.__appPage?.error);
  if (error) {
    throw new Error(`harness failed: ${error}`);
  }
  if (errors.length) {
    throw new Error(`page errors: ${errors.join('; ')}`);
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-app-page-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  const failures: string[] = [];
  try {
    await bundleHarness(dir, { harness: 'harness/appPage.tsx' });
    fs.copyFileSync(path.join(__dirname, 'harness/appPage.html'), path.join(dir, 'index.html'));
    server = await serve(dir);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
    for (const width of [1280, 560]) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      for (const which of ['overview', 'config']) {
        await open(page, `${base}?page=${which}`, errors);
        const { blocks, problems } = await page.evaluate(layoutProblems, MIN_HEADING_GAP);
        console.log(`${which} at ${width}px: ${blocks} blocks, ${problems.length} layout problems`);
        if (blocks < 8) {
          failures.push(`${which} at ${width}px: only ${blocks} blocks rendered`);
        }
        failures.push(...problems.map((p) => `${which} at ${width}px: ${p}`));
        if (which === 'overview') {
          const heading = await page.getByRole('heading', { name: 'Detectors' }).count();
          const button = await page.getByRole('link', { name: /Add the data source/ }).count();
          if (heading !== 1 || button !== 1) {
            failures.push(`overview: ${heading} "Detectors" headings and ${button} "Add the data source" buttons`);
          }
          if (width === 1280) {
            console.log(`screenshot: ${(await saveScreenshot(page.locator('#page'), 'overview.png')).join(', ')}`);
          }
        }
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`FAIL tests/browser (app pages):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('PASS tests/browser (app pages): no overlapping blocks, headings spaced from the blocks above');
}

main().catch((e) => {
  console.error('FAIL tests/browser (app pages):', e);
  process.exit(1);
});
