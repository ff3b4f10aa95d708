/**
 * @jest-environment node
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_INJECTIONS } from './demo';
import { EXIT_ANOMALIES, EXIT_ERROR, EXIT_NO_ANOMALY, Streams, run } from './main';
import { chartPixels } from './testing/pixels';

/** `vigil detect` in-process with captured output; the demo needs nothing running. */
const NOW = Date.UTC(2025, 5, 10, 12, 0, 0);
// A demo run takes 1-5 s alone and several times that on a shared, loaded machine (jest's default limit is 5 s).
jest.setTimeout(30_000);

function io(env: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '' };
  const value: Streams = {
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    env,
    now: () => NOW,
    isTTY: false,
  };
  return { io: value, out };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vigil detect --demo', () => {
  it('finds every injected anomaly with its shape, writes the JSON and exits 1 (anomalies found)', async () => {
    const { io: streams, out } = io();
    const code = await run(['detect', '--demo', '--format', 'json'], streams);
    expect(code).toBe(EXIT_ANOMALIES);
    const report = JSON.parse(out.stdout);
    expect(report.range).toEqual({ from: '2025-06-09T12:00:00.000Z', to: '2025-06-10T12:00:00.000Z', timeZone: 'UTC' });
    for (const inj of DEMO_INJECTIONS) {
      const start = NOW - inj.before;
      const found = report.events.find(
        (e: any) =>
          e.series.includes(inj.series) &&
          e.evidence.metric.name.length > 0 &&
          Date.parse(e.start) >= start - 4 * 60_000 &&
          Date.parse(e.start) <= start + inj.length
      );
      expect({ injection: inj.what, shape: found?.shape }).toEqual({ injection: inj.what, shape: inj.shape });
      expect(found.note).toMatch(/\*\*Suspected causes\*\*/);
    }
    // Only a few events beyond the injected ones (noise at the band's edge), none of them critical.
    const extra = report.events.length - DEMO_INJECTIONS.length;
    expect(extra).toBeLessThanOrEqual(3);
    expect(report.summary.critical).toBe(DEMO_INJECTIONS.length);
    // 24 h at 1000 data points: Grafana's Prometheus step, 1m.
    expect(report.queries.map((q: any) => q.plan.stepMs)).toEqual([60000, 60000, 60000, 60000, 60000]);
    expect(out.stderr).toMatch(/anomaly event\(s\) \(6 critical/);
  });

  it('writes the Markdown report (summary table first) and a PNG chart whose pixels show the band and the markers', async () => {
    const md = path.join(dir, 'demo.md');
    const png = path.join(dir, 'charts', 'demo.png');
    const { io: streams, out } = io();
    const code = await run(['detect', '--demo', '--out', md, '--chart', png, '--tz', 'Europe/Paris'], streams);
    expect(code).toBe(EXIT_ANOMALIES);
    expect(out.stdout).toBe('');
    const text = fs.readFileSync(md, 'utf8');
    const table = text.indexOf('| # | Severity | Series |');
    expect(table).toBeGreaterThan(0);
    expect(table).toBeLessThan(text.indexOf('## 1. '));
    expect(text).toContain('![Series with band and anomaly markers](charts/demo.png)');
    expect(text).toMatch(/Range: 2025-06-09 14:00:00 → 2025-06-10 14:00:00 \(Europe\/Paris\)/);
    for (const section of [
      '- Baseline vs peak:',
      '**Evidence**',
      '**Suspected causes**',
      '**Suggested actions**',
      '*Explanation: Template (no LLM requested).*',
    ]) {
      expect(text).toContain(section);
    }
    const pixels = chartPixels(png);
    expect(pixels.width).toBe(1200);
    expect(pixels.band).toBeGreaterThan(20_000);
    expect(pixels.markers).toBeGreaterThan(300);
  });

  it('a quiet range: exit 0 and "No anomalies in this range."', async () => {
    const { io: streams, out } = io();
    // Three hours two days ago: before every injection (the earliest is 14 h before now).
    const code = await run(['detect', '--demo', '--end', '2025-06-08T12:00:00Z', '--range', '3h'], streams);
    expect(code).toBe(EXIT_NO_ANOMALY);
    expect(out.stdout).toContain('No anomalies in this range.');
  });

  it('--fit-check: one verdict per series from the KL divergence of fold score histograms', async () => {
    const { io: streams, out } = io();
    const code = await run(['detect', '--demo', '--fit-check', '--folds', '4', '--format', 'json'], streams);
    const report = JSON.parse(out.stdout);
    expect(report.folds).toBe(4);
    expect(report.series).toHaveLength(6);
    for (const s of report.series) {
      expect(s.kl).toHaveLength(3);
      expect(s.maxKl).toBe(Math.max(...s.kl));
      expect(['generalises', 'borderline', 'does not generalise']).toContain(s.verdict);
    }
    const failing = report.series.filter((s: any) => s.verdict === 'does not generalise').length;
    expect(code).toBe(failing ? EXIT_ANOMALIES : EXIT_NO_ANOMALY);
    const md = io();
    await run(['detect', '--demo', '--fit-check'], md.io);
    expect(md.out.stdout).toMatch(/^# Vigil fit check/);
    expect(md.out.stdout).toMatch(/\| A \| requests \/checkout \| mad \| \d+ \| \d\.\d{3} \|/);
    // Two full demo runs (six series, 24 h at Grafana's 1m step with 11000 points of history each): seconds.
  }, 30_000);
});

describe('vigil detect: bad flags and parameters', () => {
  it.each([
    [['detect', '--demo', '--bogus'], /unknown option '--bogus'/],
    [['detect', '--demo', '--format', 'xml'], /argument 'xml' is invalid.*md, json/],
    [['detect', '--demo', '--direction', 'sideways'], /Allowed choices are both, up, down/],
    [['detect', '--query', 'up'], /no Prometheus: pass --prometheus URL or set PROMETHEUS_URL/],
    [['detect', '--prometheus', 'localhost:9090', '--query', 'up'], /is not an http\(s\) URL/],
    [['detect', '--prometheus', 'http://x:9090'], /no query: pass --query/],
    [['detect', '--demo', '--range', '1 day'], /--range: "1 day" is not a duration; write it like 7d/],
    [['detect', '--demo', '--start', 'yesterday'], /--start "yesterday" is not a time/],
    [['detect', '--demo', '--start', '2025-06-10T00:00:00Z', '--end', '2025-06-09T00:00:00Z'], /is not before the end/],
    [['detect', '--demo', '--range', '1h', '--start', '2025-06-10T00:00:00Z'], /either --range .* or --start\/--end/],
    [['detect', '--demo', '--detector', 'nope'], /unknown detector "nope"; valid detectors: auto, ensemble/],
    [
      ['detect', '--demo', '--detector', 'mad', '--params', '{"window": 1}'],
      /detector mad: .*window.*\(invalid_param\)/,
    ],
    [['detect', '--demo', '--detector', 'mad', '--params', '{window: 60}'], /--params is not JSON/],
    [['detect', '--demo', '--detector', 'mad', '--sensitivity', 'high'], /--sensitivity "high" is not a number/],
    [['detect', '--demo', '--tz', 'Mars/Olympus'], /is not a time zone/],
    [['detect', '--demo', '--chart', 'chart.jpg'], /must end in .png or .svg/],
    [['detect', '--demo', '--step', '500ms'], /below 1s/],
    [
      ['detect', '--demo', '--step', '1s'],
      /step 1s gives \d+ points per series .* use a coarser step or auto, or raise --max-points\n/,
    ],
    [['detect', '--demo', '--tz', 'browser'], /--tz browser: there is no browser in a command line; give an IANA name/],
    [['detect', '--demo', '--fit-check', '--chart', 'fc.png'], /--chart does not go with --fit-check/],
    [['detect', '--demo', '--query', 'up'], /--demo runs its own queries/],
  ])('%j → exit 2 with a message', async (argv, message) => {
    const { io: streams, out } = io();
    const code = await run(argv as string[], streams);
    expect(code).toBe(EXIT_ERROR);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
  });

  it('output paths that cannot be written: exit 2 before running, with the flag and the path, no stack', async () => {
    const file = path.join(dir, 'a-file.md');
    fs.writeFileSync(file, 'keep');
    const cases: Array<[string[], RegExp]> = [
      [
        ['--out', path.join(file, 'x.md')],
        /^vigil detect: --out ".*a-file\.md\/x\.md": ".*a-file\.md" is a file, not a directory/,
      ],
      [
        ['--chart', path.join(file, 'sub', 'x.png')],
        /^vigil detect: --chart ".*x\.png": ".*a-file\.md" is a file, not a directory/,
      ],
      [['--out', dir], /^vigil detect: --out ".*" is a directory; give a file name/],
      [['--out', '/proc/x.md'], /^vigil detect: --out "\/proc\/x\.md": cannot create a file in "\/proc"/],
      [['--out', path.join(dir, 'same.svg'), '--chart', path.join(dir, 'same.svg')], /are the same file/],
      [
        ['--out', path.join(dir, 'same.svg'), '--chart', path.join(dir, '.', 'x', '..', 'same.svg')],
        /are the same file/,
      ],
    ];
    for (const [flags, message] of cases) {
      const { io: streams, out } = io();
      expect(await run(['detect', '--demo', ...flags], streams)).toBe(EXIT_ERROR);
      expect(out.stderr).toMatch(message);
      expect(out.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(out.stdout).toBe('');
    }
    // Nothing was written or left behind by the checks.
    expect(fs.readFileSync(file, 'utf8')).toBe('keep');
    expect(fs.existsSync(path.join(dir, 'same.svg'))).toBe(false);
  });

  it('a plan that keeps less history than asked says to raise --max-points, not a data source setting', async () => {
    const { io: streams, out } = io();
    await run(['detect', '--demo', '--max-points', '2000', '--format', 'json'], streams);
    const reasons = JSON.parse(out.stdout).queries.map((q: any) => q.plan.reason);
    expect(reasons[0]).toMatch(
      /as much as fits in 2000 points per series at this step; raise --max-points or set a coarser step/
    );
    expect(reasons.join(' ')).not.toContain('data source settings');
  });

  it('the demo queries check --params against their detectors with the registry message', async () => {
    const { io: streams, out } = io();
    const code = await run(['detect', '--demo', '--params', '{"window": 0}'], streams);
    expect(code).toBe(EXIT_ERROR);
    expect(out.stderr).toMatch(/detector error \(invalid_param\): .*window/);
  });

  it('--help lists the flags, the environment and the exit codes and exits 0', async () => {
    const { io: streams, out } = io();
    expect(await run(['detect', '--help'], streams)).toBe(EXIT_NO_ANOMALY);
    for (const text of [
      '--prometheus <url>',
      '--fit-check',
      'PROMETHEUS_TOKEN',
      'OPENAI_MODEL',
      'Exit codes: 0 no anomaly',
    ]) {
      expect(out.stdout).toContain(text);
    }
  });
});
