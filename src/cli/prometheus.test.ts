/**
 * @jest-environment node
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { MARKER_COLOR, SERIES_COLOR } from '../explain/chart';
import { EXIT_ANOMALIES, EXIT_ERROR, EXIT_NO_ANOMALY, Streams, run } from './main';
import { chartPixels } from './testing/pixels';
import { BackfillSeries, prometheusMissing, RunningPrometheus, startPrometheus } from './testing/prometheus';

/**
 * `vigil detect` against a real Prometheus (Debian's package, loopback port, series backfilled with promtool,
 * as internal/promtest does for the backend). Faults a real Prometheus does not produce on demand (401, 5xx, a non-
 * Prometheus answer, a hang) come from small local HTTP servers; so does the OpenAI-compatible endpoint of --llm.
 */
// A run with a chart takes a few seconds alone and several times that on a shared, loaded machine (jest's default: 5 s).
jest.setTimeout(30_000);
const missing = prometheusMissing();
const maybe = missing ? describe.skip : describe;
if (missing) {
  console.warn(`skipping the command line's Prometheus tests: ${missing}`);
}

const START = Date.UTC(2025, 5, 1);
const STEP = 60_000;
const N = 4 * 1440;
const SPIKE = Date.UTC(2025, 5, 3, 12, 0);
const SHIFT = Date.UTC(2025, 5, 3, 18, 0);

function seriesData(): BackfillSeries[] {
  let state = 99;
  const noise = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const values = (f: (t: number) => number) => Array.from({ length: N }, (_, i) => f(START + i * STEP));
  return [
    {
      name: 'vigil_cli_requests',
      labels: { route: '/a' },
      start: START,
      stepMs: STEP,
      values: values((t) => 100 + 4 * noise() + (t === SPIKE ? 80 : 0)),
    },
    {
      name: 'vigil_cli_requests',
      labels: { route: '/b' },
      start: START,
      stepMs: STEP,
      values: values(() => 50 + 2 * noise()),
    },
    {
      name: 'vigil_cli_latency_seconds',
      labels: { route: '/a' },
      start: START,
      stepMs: STEP,
      values: values((t) => (0.2 + 0.004 * noise()) * (t >= SHIFT ? 2 : 1)),
    },
    { name: 'vigil_cli_flat', labels: {}, start: START, stepMs: STEP, values: values(() => 5) },
    // A label value with HTML in it (issue: it reached the Markdown report raw).
    {
      name: 'vigil_cli_html',
      labels: { route: '<script>alert(1)</script>' },
      start: START,
      stepMs: STEP,
      values: values((t) => 100 + 4 * noise() + (t === SPIKE ? 80 : 0)),
    },
    // A gauge pushed every 15 minutes (issue 15, kind 6): read at 1m, Prometheus repeats each sample for 5 minutes.
    {
      name: 'vigil_cli_sparse',
      labels: {},
      start: START,
      stepMs: 15 * STEP,
      values: Array.from({ length: N / 15 }, () => 500 + 20 * noise()),
    },
  ];
}

const RANGE = ['--start', '2025-06-03T00:00:00Z', '--end', '2025-06-04T00:00:00Z', '--training-window', '1d'];
const MAD = [
  '--detector',
  'mad',
  '--params',
  '{"window":60}',
  '--sensitivity',
  '6',
  '--legend',
  '{{__name__}} {{route}}',
];

function capture(env: Record<string, string>) {
  const out = { stdout: '', stderr: '' };
  const streams: Streams = {
    stdout: (t) => (out.stdout += t),
    stderr: (t) => (out.stderr += t),
    env,
    now: () => Date.UTC(2025, 5, 4),
    isTTY: false,
  };
  return { streams, out };
}

/** A local HTTP server answering every request with `handler`, recording the requests. */
async function fakeServer(handler: http.RequestListener) {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

maybe('vigil detect against a real Prometheus', () => {
  let prom: RunningPrometheus;
  let dir: string;
  beforeAll(async () => {
    prom = await startPrometheus(seriesData());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-it-'));
  }, 90_000);
  afterAll(async () => {
    await prom?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the spike and the level shift, with the backend plan, and exits 1', async () => {
    const { streams, out } = capture({ PROMETHEUS_URL: prom.url });
    const code = await run(
      [
        'detect',
        '--query',
        'vigil_cli_requests',
        '--query',
        'vigil_cli_latency_seconds',
        ...RANGE,
        ...MAD,
        '--format',
        'json',
      ],
      streams
    );
    expect(out.stderr).not.toMatch(/vigil detect:/);
    expect(code).toBe(EXIT_ANOMALIES);
    const report = JSON.parse(out.stdout);
    // 24 h at 1000 data points → 86.4 s, which Grafana's Prometheus step rounds to 1m; 1d of history before the range.
    expect(report.queries.map((q: any) => [q.plan.stepMs, q.plan.historyMs, q.plan.visibleStart])).toEqual([
      [60_000, 86_400_000, '2025-06-03T00:00:00.000Z'],
      [60_000, 86_400_000, '2025-06-03T00:00:00.000Z'],
    ]);
    expect(report.queries[0].series.map((s: any) => s.name)).toEqual([
      'vigil_cli_requests /a',
      'vigil_cli_requests /b',
    ]);
    const spike = report.events.find(
      (e: any) => e.series === 'vigil_cli_requests /a' && e.start === '2025-06-03T12:00:00.000Z'
    );
    expect(spike.shape).toBe('spike');
    expect(spike.evidence.metric.kind).toBe('traffic');
    expect(spike.evidence.peak.observed).toBeGreaterThan(170);
    expect(spike.evidence.earlier.yesterday.observed).toBeGreaterThan(95);
    const shift = report.events.find(
      (e: any) => e.series === 'vigil_cli_latency_seconds /a' && e.start === '2025-06-03T18:00:00.000Z'
    );
    expect(shift.shape).toBe('level_shift');
    expect(shift.evidence.metric.kind).toBe('latency');
    expect(shift.severity).toBe('critical');
    expect(report.events.every((e: any) => e.start >= '2025-06-03T00:00:00.000Z')).toBe(true);
  });

  it('a series written every 15 minutes is read at its own interval (at most the 5-minute lookback), as the backend does', async () => {
    const { streams, out } = capture({ PROMETHEUS_URL: prom.url });
    const code = await run(
      ['detect', '--query', 'vigil_cli_sparse', ...RANGE, '--scrape-interval', '30s', '--format', 'json', '--quiet'],
      streams
    );
    expect(out.stderr).toBe('');
    expect([EXIT_NO_ANOMALY, EXIT_ANOMALIES]).toContain(code);
    const plan = JSON.parse(out.stdout).queries[0].plan;
    expect(plan.stepMs).toBe(300_000);
    expect(plan.reason).toContain("the series' own sample interval, 15m measured from the data");
    // Grafana's variables work as in the data source: replaced for the step, with the scrape interval.
    const rated = capture({ PROMETHEUS_URL: prom.url });
    const rc = await run(
      ['detect', '--query', 'rate(vigil_cli_sparse[$__rate_interval])', ...RANGE, '--format', 'json', '--quiet'],
      rated.streams
    );
    expect(rated.out.stderr).toBe('');
    expect([EXIT_NO_ANOMALY, EXIT_ANOMALIES]).toContain(rc);
    expect(JSON.parse(rated.out.stdout).queries[0].notices).toContain(
      "Replaced as Grafana's Prometheus data source does on the server: $__rate_interval = 1m15s (max(step 1m + scrape interval 15s, 4 × scrape interval))."
    );
    // The same range of a series scraped every minute keeps Grafana's step (1m for 24 h at 1000 data points).
    const again = capture({ PROMETHEUS_URL: prom.url });
    await run(['detect', '--query', 'vigil_cli_flat', ...RANGE, '--format', 'json', '--quiet'], again.streams);
    expect(JSON.parse(again.out.stdout).queries[0].plan.stepMs).toBe(60_000);
  });

  it('writes the Markdown report and a chart whose pixels show the band and the markers', async () => {
    const md = path.join(dir, 'report.md');
    const png = path.join(dir, 'chart.png');
    const svg = path.join(dir, 'chart.svg');
    const { streams } = capture({ PROMETHEUS_URL: prom.url });
    expect(
      await run(['detect', '--query', 'vigil_cli_requests', ...RANGE, ...MAD, '--out', md, '--chart', png], streams)
    ).toBe(EXIT_ANOMALIES);
    const text = fs.readFileSync(md, 'utf8');
    expect(text.indexOf('| # | Severity |')).toBeLessThan(text.indexOf('## 1. '));
    expect(text).toMatch(/## 1\. Traffic spike on vigil_cli_requests \/a/);
    expect(text).toContain('![Series with band and anomaly markers](chart.png)');
    const pixels = chartPixels(png);
    expect(pixels.band).toBeGreaterThan(10_000);
    expect(pixels.markers).toBeGreaterThan(40);
    // SVG too, drawn by the same ECharts option.
    const { streams: s2 } = capture({ PROMETHEUS_URL: prom.url });
    await run(['detect', '--query', 'vigil_cli_requests', ...RANGE, ...MAD, '--out', md, '--chart', svg], s2);
    const svgText = fs.readFileSync(svg, 'utf8');
    expect(svgText.startsWith('<svg')).toBe(true);
    // The band is the only area filled in the series colour (the lines have no fill).
    expect(svgText).toMatch(new RegExp(`fill="${SERIES_COLOR}"|\\.zr\\d+-cls-\\d+[^}]*fill:${SERIES_COLOR}`));
    expect(svgText).toContain(`fill="${MARKER_COLOR}"`);
  });

  it('a series without anomalies: exit 0 and a markers-free chart', async () => {
    const png = path.join(dir, 'flat.png');
    const { streams, out } = capture({ PROMETHEUS_URL: prom.url });
    const code = await run(['detect', '--query', 'vigil_cli_flat', ...RANGE, ...MAD, '--chart', png], streams);
    expect(code).toBe(EXIT_NO_ANOMALY);
    expect(out.stdout).toContain('No anomalies in this range.');
    expect(chartPixels(png).markers).toBe(0);
  });

  it("bad PromQL: Prometheus's own parse error, exit 2", async () => {
    const { streams, out } = capture({ PROMETHEUS_URL: prom.url });
    expect(await run(['detect', '--query', 'sum(rate(vigil_cli_requests[5m])', ...RANGE], streams)).toBe(EXIT_ERROR);
    expect(out.stderr).toMatch(/^vigil detect: Prometheus rejected the query: .*parse error/);
  });

  it('with several queries, a failing one is named by its index, refId and PromQL', async () => {
    const { streams, out } = capture({ PROMETHEUS_URL: prom.url });
    const code = await run(
      ['detect', '--query', 'vigil_cli_flat', '--query', 'sum(rate(vigil_cli_requests[5m])', ...RANGE],
      streams
    );
    expect(code).toBe(EXIT_ERROR);
    expect(out.stderr).toMatch(
      /^vigil detect: query 2 of 2 \(B: sum\(rate\(vigil_cli_requests\[5m\]\)\): Prometheus rejected the query: .*parse error/
    );
  });

  it('label values with HTML are escaped in the Markdown report (no raw tag in the file), kept as they are in JSON', async () => {
    const md = path.join(dir, 'html.md');
    const { streams } = capture({ PROMETHEUS_URL: prom.url });
    expect(await run(['detect', '--query', 'vigil_cli_html', ...RANGE, ...MAD, '--out', md], streams)).toBe(
      EXIT_ANOMALIES
    );
    const text = fs.readFileSync(md, 'utf8');
    expect(text).not.toMatch(/<\/?script/i);
    expect(text).toMatch(/^## 1\. \w+ spike on vigil_cli_html &lt;script&gt;alert\(1\)&lt;\/script&gt;$/m);
    // In the note's code (escaped text: no code span can hold an entity) and in the summary line.
    expect(text).toContain('\\{route="&lt;script&gt;alert\\(1\\)&lt;/script&gt;"\\}');
    expect(text).toMatch(/\*\*Summary\.\*\* \w+ spike on vigil_cli_html &lt;script&gt;alert\(1\)&lt;\/script&gt;: \d/);
    expect(text).toMatch(/\| 1 \| \w+ \| vigil_cli_html &lt;script&gt;alert\(1\)&lt;\/script&gt; \|/);
    const json = capture({ PROMETHEUS_URL: prom.url });
    await run(['detect', '--query', 'vigil_cli_html', ...RANGE, ...MAD, '--format', 'json'], json.streams);
    expect(JSON.parse(json.out.stdout).queries[0].series[0].labels.route).toBe('<script>alert(1)</script>');
  });

  it('the shipped command (npx vigil): exit codes, no progress bar when standard error is not a terminal', async () => {
    const bin = path.resolve(__dirname, '../../bin/vigil.js');
    const exec = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile('node', [bin, ...args], { env: { ...process.env, PROMETHEUS_URL: prom.url } }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 99) : 0, stdout, stderr })
        )
      );
    const found = await exec(['detect', '--query', 'vigil_cli_requests', ...RANGE, ...MAD]);
    expect(found.code).toBe(EXIT_ANOMALIES);
    expect(found.stdout).toMatch(/^# Vigil anomaly report/);
    expect(found.stderr).toMatch(/^\d+ anomaly event\(s\)/);
    expect(found.stderr).not.toMatch(/[█░]|series\]/);
    const quiet = await exec(['detect', '--query', 'vigil_cli_flat', ...RANGE, ...MAD, '--quiet']);
    expect([quiet.code, quiet.stderr]).toEqual([EXIT_NO_ANOMALY, '']);
    const bad = await exec(['detect', '--query', 'up', '--detector', 'mad', '--params', '{"window":-1}']);
    expect(bad.code).toBe(EXIT_ERROR);
    expect(bad.stderr).toMatch(/window/);
  }, 60_000);

  it('--llm: the note comes from the OpenAI-compatible endpoint, labelled, with the evidence in the prompt', async () => {
    const llm = await fakeServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        (req as any).body = body;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: 'x',
            object: 'chat.completion',
            created: 0,
            model: 'local-model',
            choices: [
              {
                index: 0,
                finish_reason: 'stop',
                message: { role: 'assistant', content: '**Summary.** A one-minute spike on /a.' },
              },
            ],
          })
        );
      });
    });
    try {
      const { streams, out } = capture({
        PROMETHEUS_URL: prom.url,
        OPENAI_BASE_URL: `${llm.url}/v1`,
        OPENAI_API_KEY: 'sk-cli-secret',
        OPENAI_MODEL: 'local-model',
      });
      const code = await run(['detect', '--query', 'vigil_cli_requests', ...RANGE, ...MAD, '--llm'], streams);
      expect(code).toBe(EXIT_ANOMALIES);
      expect(out.stdout).toContain('**Summary.** A one-minute spike on /a.');
      expect(out.stdout).toMatch(/\*Explanation: LLM \(local-model at 127\.0\.0\.1:\d+\)\.\*/);
      const req = llm.requests[0] as any;
      expect(req.url).toBe('/v1/chat/completions');
      expect(req.headers.authorization).toBe('Bearer sk-cli-secret');
      const sent = JSON.parse(req.body);
      expect(sent.model).toBe('local-model');
      expect(sent.messages[1].content).toMatch(/```json[\s\S]*"vigil_cli_requests \/a"/);
      expect(out.stdout + out.stderr).not.toContain('sk-cli-secret');
    } finally {
      llm.close();
    }
  });

  it('--llm: a failing endpoint (429) falls back to the template and says so; without settings, the template', async () => {
    const llm = await fakeServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Rate limit reached for sk-cli-secret', type: 'requests' } }));
    });
    try {
      const { streams, out } = capture({
        PROMETHEUS_URL: prom.url,
        OPENAI_BASE_URL: `${llm.url}/v1`,
        OPENAI_API_KEY: 'sk-cli-secret',
        OPENAI_MODEL: 'm',
      });
      expect(await run(['detect', '--query', 'vigil_cli_requests', ...RANGE, ...MAD, '--llm'], streams)).toBe(
        EXIT_ANOMALIES
      );
      expect(out.stderr).toMatch(/--llm: LLM endpoint .* answered 429.*using the template/);
      expect(out.stdout).toContain('*Explanation: Template (the LLM endpoint failed).*');
      expect(out.stdout + out.stderr).not.toContain('sk-cli-secret');
    } finally {
      llm.close();
    }
    const { streams, out } = capture({ PROMETHEUS_URL: prom.url });
    await run(['detect', '--query', 'vigil_cli_requests', ...RANGE, ...MAD, '--llm'], streams);
    expect(out.stderr).toMatch(/--llm: OPENAI_MODEL is not set; the notes use the template/);
  });
});

describe('vigil detect: Prometheus faults', () => {
  const query = ['detect', '--query', 'up', '--range', '1h'];

  it('unreachable Prometheus: connection refused, exit 2', async () => {
    const closed = await fakeServer(() => undefined);
    closed.close(); // a port nothing listens on any more
    const { streams, out } = capture({ PROMETHEUS_URL: closed.url });
    expect(await run(query, streams)).toBe(EXIT_ERROR);
    expect(out.stderr).toMatch(
      /cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+: connection refused; check the URL and port/
    );
  });

  it.each([
    [401, 'text/plain', 'Unauthorized', /answered 401.*check PROMETHEUS_USERNAME/],
    [403, 'text/plain', 'Forbidden', /answered 403.*not allowed to query/],
    [404, 'text/plain', '404 page not found', /no Prometheus API at .*\/api\/v1\/query_range/],
    [503, 'text/html', '<html>upstream down</html>', /answered 503.*try again/],
    [200, 'text/html', '<html>Welcome to nginx!</html>', /did not answer with a Prometheus range query result/],
  ])('HTTP %d: says what to change, exit 2', async (status, type, body, message) => {
    const srv = await fakeServer((_req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    try {
      const { streams, out } = capture({ PROMETHEUS_URL: srv.url });
      expect(await run(query, streams)).toBe(EXIT_ERROR);
      expect(out.stderr).toMatch(message);
    } finally {
      srv.close();
    }
  });

  it('sends basic auth or the bearer token from the environment, and gives up after PROMETHEUS_TIMEOUT', async () => {
    const srv = await fakeServer(() => undefined); // never answers
    try {
      const basic = capture({
        PROMETHEUS_URL: srv.url,
        PROMETHEUS_USERNAME: 'u',
        PROMETHEUS_PASSWORD: 'p',
        PROMETHEUS_TIMEOUT: '1',
      });
      const began = Date.now();
      expect(await run(query, basic.streams)).toBe(EXIT_ERROR);
      expect(Date.now() - began).toBeLessThan(5000);
      expect(basic.out.stderr).toMatch(/did not answer within 1s/);
      expect(srv.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
      const bearer = capture({ PROMETHEUS_URL: srv.url, PROMETHEUS_TOKEN: 'tok', PROMETHEUS_TIMEOUT: '500ms' });
      expect(await run(query, bearer.streams)).toBe(EXIT_ERROR);
      expect(srv.requests[1].headers.authorization).toBe('Bearer tok');
    } finally {
      srv.close();
    }
  });

  it('credentials a server echoes (in a JSON error, or in a long error page past the excerpt cut) never reach the output', async () => {
    const srv = await fakeServer((req, res) => {
      const auth = String(req.headers.authorization);
      if (req.headers['x-test'] === undefined && srv.requests.length % 2 === 1) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: `bad auth ${auth}` }));
      } else {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`${'x'.repeat(150)} ${auth} was refused upstream`); // the secret straddles the 160-character cut
      }
    });
    const basic64 = Buffer.from('vigil:hunter2pw').toString('base64');
    try {
      for (const [env, secrets] of [
        [{ PROMETHEUS_TOKEN: 'SECRETTOKEN123' }, ['SECRETTOKEN123', 'SECRETTOK']],
        [
          { PROMETHEUS_USERNAME: 'vigil', PROMETHEUS_PASSWORD: 'hunter2pw' },
          ['hunter2pw', basic64, basic64.slice(0, 8)],
        ],
      ] as const) {
        const first = capture({ PROMETHEUS_URL: srv.url, ...env });
        expect(await run(['detect', '--query', 'up', '--range', '1h'], first.streams)).toBe(EXIT_ERROR);
        expect(first.out.stderr).toBe('vigil detect: Prometheus rejected the query: bad auth [redacted]\n');
        const second = capture({ PROMETHEUS_URL: srv.url, ...env });
        expect(await run(['detect', '--query', 'up', '--range', '1h'], second.streams)).toBe(EXIT_ERROR);
        expect(second.out.stderr).toMatch(/answered 502 Bad Gateway \("x+ \[redacted"\)/);
        for (const secret of secrets) {
          expect(first.out.stderr + second.out.stderr).not.toContain(secret);
        }
      }
    } finally {
      srv.close();
    }
  });

  it('a URL with credentials is refused before sending anything, without echoing the password', async () => {
    const srv = await fakeServer((_req, res) => res.end());
    try {
      const withPassword = srv.url.replace('http://', 'http://admin:PW-in-url@');
      const flag = capture({});
      expect(await run(['detect', '--prometheus', withPassword, '--query', 'up'], flag.streams)).toBe(EXIT_ERROR);
      expect(flag.out.stderr).toMatch(
        /^vigil detect: --prometheus: the URL contains a user name or password; remove it and set PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD/
      );
      const env = capture({ PROMETHEUS_URL: withPassword });
      expect(await run(['detect', '--query', 'up'], env.streams)).toBe(EXIT_ERROR);
      expect(env.out.stderr).toMatch(/^vigil detect: PROMETHEUS_URL: the URL contains a user name or password/);
      const noScheme = capture({});
      expect(
        await run(['detect', '--prometheus', 'admin:PW-in-url@host:9090', '--query', 'up'], noScheme.streams)
      ).toBe(EXIT_ERROR);
      expect(flag.out.stderr + env.out.stderr + noScheme.out.stderr).not.toContain('PW-in-url');
      expect(srv.requests).toHaveLength(0);
    } finally {
      srv.close();
    }
  });

  it('an output path that cannot be written is refused before Prometheus is asked; a write that fails later says so', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-out-'));
    const sub = path.join(tmp, 'reports');
    // Answers an empty result after replacing the report's directory with a file: the write after detection fails.
    const srv = await fakeServer((_req, res) => {
      fs.rmSync(sub, { recursive: true, force: true });
      fs.writeFileSync(sub, '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }));
    });
    try {
      const early = capture({ PROMETHEUS_URL: srv.url });
      expect(await run([...query, '--out', tmp], early.streams)).toBe(EXIT_ERROR);
      expect(early.out.stderr).toMatch(/^vigil detect: --out ".*" is a directory/);
      expect(srv.requests).toHaveLength(0);
      const late = capture({ PROMETHEUS_URL: srv.url });
      expect(await run([...query, '--out', path.join(sub, 'r.md')], late.streams)).toBe(EXIT_ERROR);
      expect(srv.requests.length).toBeGreaterThan(0);
      expect(late.out.stderr).toMatch(
        /^vigil detect: --out ".*r\.md": cannot write it: ".*reports" is a file, not a directory\n$/
      );
    } finally {
      srv.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('rejects contradictory credentials before sending anything', async () => {
    const { streams, out } = capture({
      PROMETHEUS_URL: 'http://127.0.0.1:1',
      PROMETHEUS_USERNAME: 'u',
      PROMETHEUS_TOKEN: 't',
    });
    expect(await run(query, streams)).toBe(EXIT_ERROR);
    expect(out.stderr).toMatch(/choose basic auth or a bearer token/);
  });
});
