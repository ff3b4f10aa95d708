import * as fs from 'fs';
import * as path from 'path';
import type { Locator } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');

/** Every run writes its screenshots here (ignored by git), so running the tests never changes tracked files. */
export const SCREENSHOT_DIR = path.join(ROOT, 'artifacts/screenshots');
/** The README's and the plugin catalog's images (tracked); refreshed only by `npm run docs:img`. */
export const DOCS_IMG_DIR = path.join(ROOT, 'src/img/screenshots');

/** True when the run was asked to refresh the tracked images (`npm run docs:img` passes --docs-img). */
export const refreshDocsImages = process.argv.includes('--docs-img');

/**
 * Screenshots the element into SCREENSHOT_DIR/name and, with --docs-img, copies it to DOCS_IMG_DIR.
 * Returns the paths written, relative to the repository root.
 */
export async function saveScreenshot(element: Locator, name: string): Promise<string[]> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const out = path.join(SCREENSHOT_DIR, name);
  await element.screenshot({ path: out });
  const written = [out];
  if (refreshDocsImages) {
    fs.mkdirSync(DOCS_IMG_DIR, { recursive: true });
    fs.copyFileSync(out, path.join(DOCS_IMG_DIR, name));
    written.push(path.join(DOCS_IMG_DIR, name));
  }
  return written.map((p) => path.relative(ROOT, p));
}
