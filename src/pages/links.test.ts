import fs from 'fs';
import path from 'path';
import pluginJson from '../plugin.json';
import datasourceJson from '../datasource/plugin.json';
import panelJson from '../panel/plugin.json';
import { GUIDES, REPOSITORY_URL } from './links';

const ROOT = path.resolve(__dirname, '../..');

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
}

/** Checks that a link into the repository names a file and README heading that exist in this checkout. */
function checkRepositoryLink(url: string) {
  expect(url.startsWith(REPOSITORY_URL)).toBe(true);
  const rest = url.slice(REPOSITORY_URL.length);
  const [filePart, hash] = rest.split('#');
  const file = filePart === '' || filePart === '/' ? 'README.md' : filePart.replace(/^\/(blob|tree)\/main\//, '');
  expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
  if (hash) {
    const headings = fs
      .readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => anchor(l.replace(/^#+ /, '')));
    expect(headings).toContain(hash);
  }
}

describe('links to the guides', () => {
  test.each(Object.entries(GUIDES))('%s points at an existing file and heading', (_name, url) => {
    checkRepositoryLink(url);
  });

  test.each([pluginJson, datasourceJson, panelJson].map((p) => [p.id, p] as const))(
    '%s plugin.json links point at existing files and headings',
    (_id, p) => {
      const links = (p.info as { links?: Array<{ name: string; url: string }> }).links ?? [];
      expect(links.length).toBeGreaterThan(0);
      // Links to repository files and README headings must resolve; others (e.g. the issue tracker) are not files.
      links
        .filter((l) => l.url === REPOSITORY_URL || l.url.includes('#') || l.url.includes('/blob/main/'))
        .forEach((l) => checkRepositoryLink(l.url));
    }
  );
});

describe('the catalog page (src/README.md, shipped in the zip)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'src/README.md'), 'utf8');
  const targets = Array.from(readme.matchAll(/\[.+?\]\((.+?)\)/g), (m) => m[1].split(/\s+/)[0]);
  const RAW = 'https://raw.githubusercontent.com/vigil-anomaly/vigil/main/';

  test('is not the create-plugin template', () => {
    expect(readme).not.toMatch(/Plugin Template|Provide one or more paragraphs/i);
  });

  // The catalog renders the README away from the repository: Grafana's plugin validator rejects relative links.
  test('has only absolute https links and images', () => {
    expect(targets.length).toBeGreaterThan(5);
    targets.forEach((t) => expect(t).toMatch(/^https:\/\//));
  });

  test('shows screenshots that exist in the repository, and links to existing files and headings', () => {
    const images = targets.filter((t) => t.startsWith(RAW));
    expect(images.length).toBeGreaterThan(0);
    images.forEach((t) => expect(fs.existsSync(path.join(ROOT, t.slice(RAW.length)))).toBe(true));
    targets
      .filter((t) => t === REPOSITORY_URL || t.includes('#') || t.includes('/blob/main/'))
      .forEach((t) => checkRepositoryLink(t));
  });

  test('every screenshot a plugin.json lists is in src/img/screenshots/', () => {
    [pluginJson, datasourceJson, panelJson].forEach((p) =>
      (p.info.screenshots as Array<{ path: string }>).forEach((s) =>
        expect(fs.existsSync(path.join(ROOT, 'src', s.path))).toBe(true)
      )
    );
  });
});
