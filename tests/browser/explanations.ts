/**
 * Browser test of the "Anomaly explanations" panel (part of npm run test:browser): bundles
 * tests/browser/harness/explanations.tsx, serves it on 127.0.0.1 together with a stand-in for the data source's
 * resource route (POST /api/datasources/uid/vigil/resources/llm/chat, NDJSON written in three timed pieces as
 * pkg/plugin/call_resource.go streams them), and drives it in the Debian Chromium with playwright-core:
 *   1. the events are listed, most severe first; a row click asks the dashboard to zoom to the event;
 *   2. Explain without any LLM writes the template note, labelled "Template (no LLM configured)"; saved to
 *      explanations.png (screenshots.ts: an ignored folder, or also the tracked src/img/screenshots/ with --docs-img) for the README;
 *   3. Save as annotation stores a region with the vigil tags; Download report gives Markdown with an SVG chart
 *      rendered by ECharts in the browser;
 *   4. with the data source provider (?provider=ds) the note streams in: partial text is on screen before the
 *      stream ends, then the final label names the endpoint; script and images in the answer are not rendered.
 * Exit code 1 on any failure.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, Page } from 'playwright-core';
import { MARKER_COLOR, SERIES_COLOR } from '../../src/explain/chart';
import { bundleHarness } from './bundle';
import { saveScreenshot } from './screenshots';

const ROOT = path.resolve(__dirname, '../..');
const ICONS = path.join(ROOT, 'node_modules/@grafana/ui/dist/public/img/icons');

/** The stand-in LLM answer: what an OpenAI-compatible endpoint might stream, with unsafe parts to sanitize. */
const STREAM = [
  '**Summary.** Checkout traffic spiked to 249 req/s at 12:00, ',
  '2.5× the expected 100.\n\n**Evidence**\n- one point, back to normal after\n<script>window.__pwned = 1</script>',
  '\n\n![x](https://evil.example/x.png)\n\n**Suggested actions**\n1. check callers for a retry storm\n',
];

function serve(dir: string, chatRequests: string[]): Promise<http.Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/api/datasources/uid/vigil/resources/llm/chat') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', async () => {
        chatRequests.push(body);
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        for (const piece of STREAM) {
          res.write(JSON.stringify({ delta: piece }) + '\n');
          await new Promise((r) => setTimeout(r, 700));
        }
        res.end(JSON.stringify({ done: true, model: 'harness-model' }) + '\n');
      });
      return;
    }
    if (url.pathname.startsWith('/public/build/img/icons/')) {
      // @grafana/ui loads its icons from Grafana's public folder; the package ships the same files.
      const icon = path.join(ICONS, path.normalize(url.pathname.slice('/public/build/img/icons/'.length)));
      if (icon.startsWith(ICONS) && fs.existsSync(icon)) {
        res.writeHead(200, { 'content-type': 'image/svg+xml' });
        fs.createReadStream(icon).pipe(res);
      } else {
        res.writeHead(404).end();
      }
      return;
    }
    const name = path.basename(url.pathname) || 'index.html';
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => window.__harness?.ready || window.__harness?.error, undefined, { timeout: 30_000 });
  const error = await page.evaluate(() => window.__harness?.error);
  if (error) {
    throw new Error(`harness failed: ${error}`);
  }
  await page.getByRole('listitem').first().waitFor();
}

async function explainFirst(page: Page) {
  const row = page.getByRole('listitem').first();
  await row.getByRole('button', { name: /explain this event/i }).click();
  await row.getByRole('button', { name: /^Explain$/ }).click();
  return row;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-browser-explain-'));
  const chatRequests: string[] = [];
  let server: http.Server | undefined;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) {
      failures.push(what);
    }
  };
  try {
    await bundleHarness(dir, { harness: 'harness/explanations.tsx' });
    fs.copyFileSync(path.join(__dirname, 'harness/explanations.html'), path.join(dir, 'index.html'));
    server = await serve(dir, chatRequests);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
    const page = await browser.newPage({
      viewport: { width: 920, height: 700 },
      deviceScaleFactor: 1,
      acceptDownloads: true,
    });
    const errors: string[] = [];
    const outside: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith('http://127.0.0.1') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
        outside.push(r.url());
      }
    });

    // 1. the list, and zoom
    await open(page, base);
    const rows = await page.getByRole('listitem').allTextContents();
    console.log(`rows: ${rows.length}; first: ${rows[0].slice(0, 90)}`);
    check(rows.length >= 3, `expected at least 3 events, got ${rows.length}`);
    check(/critical/.test(rows[0]), 'the first row is not the most severe');
    await page
      .getByRole('listitem')
      .first()
      .getByRole('button', { name: /zoom to/i })
      .click();
    const zoom = await page.evaluate(() => window.__harness?.zoom);
    check(Boolean(zoom && zoom.to > zoom.from), 'a row click did not ask the dashboard to zoom');

    // 2. template note, screenshot
    const row = await explainFirst(page);
    const note = row.getByLabel('Explanation', { exact: true });
    await note.waitFor();
    const text = await note.innerText();
    check(/Explanation by Template \(no LLM configured\)/.test(text), `template label missing: ${text.slice(0, 120)}`);
    check(/Suspected causes/.test(text) && /Suggested actions/.test(text), 'template sections missing');
    check(chatRequests.length === 0, 'a request was sent to an LLM endpoint while none is configured');
    const screenshots = await saveScreenshot(page.locator('#root'), 'explanations.png');

    // 3. save and download
    await row.getByRole('button', { name: /save as annotation/i }).click();
    await row.getByRole('button', { name: 'Saved' }).waitFor();
    const saved = await page.evaluate(() => window.__harness?.saved ?? []);
    check(
      saved.length === 1 && Boolean(saved[0].tags?.includes('vigil')) && saved[0].timeEnd! > saved[0].time!,
      'annotation not saved as a tagged region'
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /download report/i }).click(),
    ]);
    const md = fs.readFileSync((await download.path())!, 'utf8');
    const svg = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(md);
    check(
      md.startsWith('# Vigil anomaly report') && /\| # \| Severity \|/.test(md),
      'the report has no title or summary table'
    );
    const chart = svg ? Buffer.from(svg[1], 'base64').toString('utf8') : '';
    check(
      chart.startsWith('<svg') && chart.includes(`fill="${SERIES_COLOR}"`) && chart.includes(`fill="${MARKER_COLOR}"`),
      'the report chart has no band or markers'
    );
    console.log(
      `report: ${md.length} characters, chart ${chart.length} characters of SVG; file ${download.suggestedFilename()}`
    );

    // 4. streamed note from the data source endpoint
    await open(page, `${base}?provider=ds`);
    const dsRow = await explainFirst(page);
    const dsNote = dsRow.getByLabel('Explanation', { exact: true });
    await dsNote.getByText(/writing…/).waitFor({ timeout: 10_000 });
    const partial = await dsNote.innerText();
    check(/Checkout traffic spiked/.test(partial) && !/retry storm/.test(partial), 'no partial text while streaming');
    await dsNote.getByText(/retry storm/).waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => !document.body.innerText.includes('writing…'));
    const final = await dsNote.innerText();
    check(
      /Explanation by OpenAI-compatible endpoint \(harness-model\) via data source Vigil/.test(final),
      `endpoint label missing: ${final.slice(0, 120)}`
    );
    check((await dsNote.locator('script, img').count()) === 0, 'script or image from the LLM answer was rendered');
    check(
      !(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)),
      'a script from the LLM answer ran'
    );
    const sent = chatRequests[0] ? JSON.parse(chatRequests[0]) : undefined;
    check(
      sent?.messages?.length === 2 && /```json/.test(sent.messages[1].content),
      'the chat request does not carry the evidence JSON'
    );

    check(outside.length === 0, `requests left the machine: ${outside.join(', ')}`);
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
    console.error(`FAIL tests/browser (explanations):\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log(
    'PASS tests/browser (explanations): events listed, zoom, template note, annotation, report chart, streamed note'
  );
}

main().catch((e) => {
  console.error('FAIL tests/browser (explanations):', e);
  process.exit(1);
});
