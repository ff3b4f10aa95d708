import * as fs from 'fs';
import * as path from 'path';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, Option } from 'commander';
import { DetectorError } from '../detectors';
import { bySeverity, formatRange } from '../explain';
import { demoQueries, demoSource } from './demo';
import { fitCheck, fitCheckMarkdown } from './fitcheck';
import { llmEndpoint, llmNote } from './llm';
import { DETECTOR_IDS, RawFlags, resolveOptions, UsageError } from './options';
import { jsonOutput, markdownOutput, NotedEvent, templateNotes, writeChart } from './output';
import { PrometheusError, queryRange } from './prometheus';
import { checkDistinct, checkWritable, OutputError, writeOutput } from './paths';
import { PlanError, Progress, QueryError, QuerySpec, runQueries, SeriesSource } from './run';

/** Exit codes (documented in the README and `vigil detect --help`), in the manner of diff(1). */
export const EXIT_NO_ANOMALY = 0;
export const EXIT_ANOMALIES = 1;
export const EXIT_ERROR = 2;

/** At most this many events get an LLM note in one run (most severe first); the rest get the template. */
const MAX_LLM_NOTES = 20;

/** Where the command reads and writes; tests pass their own. */
export interface Streams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  now: () => number;
  /** stderr is a terminal: show the progress bar. */
  isTTY: boolean;
}

export function processStreams(): Streams {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    now: () => Date.now(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}

const HELP_AFTER = `
Environment: PROMETHEUS_URL, PROMETHEUS_USERNAME / PROMETHEUS_PASSWORD (basic auth), PROMETHEUS_TOKEN (bearer),
PROMETHEUS_TIMEOUT (seconds or a duration, default 30s); with --llm: OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL.

Exit codes: 0 no anomaly in the range, 1 anomalies found, 2 an error (bad flags or parameters, Prometheus
unreachable, bad PromQL, …). With --fit-check: 0 every series generalises (or is borderline), 1 some do not, 2 an error.

Examples:
  vigil detect --demo --chart demo.png --out demo.md
  vigil detect --prometheus http://localhost:9090 --query 'sum by (route) (rate(http_requests_total[5m]))' --range 24h
  vigil detect --query 'node_memory_Active_bytes' --detector mad --params '{"window":120}' --format json
`;

/** Runs `vigil <argv>` and returns the exit code. */
export async function run(argv: string[], io: Streams = processStreams()): Promise<number> {
  let exit = EXIT_ERROR;
  const program = new Command('vigil')
    .description('Vigil anomaly detection for Prometheus metrics, from the command line.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program
    .command('detect')
    .description('Run anomaly detection on PromQL queries and write a report (Markdown or JSON) and a chart.')
    .option('--prometheus <url>', 'Prometheus base URL (default: $PROMETHEUS_URL)')
    .option('--query <promql>', 'PromQL query; repeat for several', (v: string, all: string[] = []) => [...all, v])
    .option('--legend <format>', 'series names, e.g. "{{route}}" (default: metric and labels)')
    .option('--range <duration>', 'range ending now (or at --end), e.g. 24h, 7d (default 24h)')
    .option('--start <time>', 'start of the range: RFC 3339 or Unix seconds')
    .option('--end <time>', 'end of the range (default now)')
    .option(
      '--step <duration>',
      "detection step, or auto: the backend's choice (Grafana's Prometheus step, or the series' own interval)"
    )
    .option('--detector <id>', `detector: ${DETECTOR_IDS} (default auto)`)
    .option('--params <json>', 'detector parameters as JSON, e.g. \'{"window":60}\'')
    .option('--sensitivity <number>', "the detector's sensitivity (its own default otherwise)")
    .addOption(new Option('--direction <direction>', 'which deviations count').choices(['both', 'up', 'down']))
    .option('--min-consecutive <n>', 'points outside the band before a point is anomalous (default 1)')
    .option('--training-window <duration>', 'history fetched before the range (default 7d)')
    .option('--scrape-interval <duration>', 'how often Prometheus scrapes: the finest auto step (default 15s)')
    .option(
      '--tz <zone>',
      'time zone of the report and of daily and weekly seasons (detectors with a timezone parameter), an IANA name (default UTC)'
    )
    .option('--out <file>', 'write the report here (default: standard output)')
    .option('--chart <file>', 'write a chart of the series with band and anomaly markers (.png or .svg)')
    .addOption(new Option('--format <format>', 'report format').choices(['md', 'json']))
    .option(
      '--llm',
      'write notes with the OpenAI-compatible endpoint of OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL'
    )
    .option('--demo', 'generated series with injected anomalies; needs nothing running')
    .option('--fit-check', 'check whether the detector generalises: score histograms of K time folds, KL divergence')
    .option('--folds <k>', 'folds of --fit-check (default 5)')
    .option('--max-points <n>', 'max points per series, history included (default 11000, as the data source)')
    .option('--max-series <n>', 'max series per query (default 500)')
    .option('--max-data-points <n>', "max data points of the range, as a panel's width (default 1000)")
    .option('--quiet', 'no progress bar and no summary on standard error')
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: RawFlags) => {
      exit = await detect(flags, io);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has printed its message (unknown option, missing value, …); help and version exit 0.
      return e.exitCode === 0 ? EXIT_NO_ANOMALY : EXIT_ERROR;
    }
    io.stderr(`vigil: internal error: ${(e as Error)?.stack ?? e}\n`);
    return EXIT_ERROR;
  }
  return exit;
}

async function detect(flags: RawFlags, io: Streams): Promise<number> {
  let bar: SingleBar | undefined;
  try {
    const o = resolveOptions(flags, io.env, io.now());
    if (o.demo && o.queries.length) {
      throw new UsageError('--demo runs its own queries; leave out --query (or drop --demo to query Prometheus)');
    }
    // Output paths are checked before anything is fetched, so a typo costs no query.
    if (o.out) {
      checkWritable('--out', o.out);
    }
    if (o.chart) {
      checkWritable('--chart', o.chart);
    }
    if (o.out && o.chart) {
      checkDistinct(o.out, o.chart);
    }
    const specs: QuerySpec[] = o.demo
      ? demoQueries(o.detector, o.rawParams)
      : o.queries.map((expr, i) => ({
          refId: String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : ''),
          expr,
          legend: o.legend,
          detector: o.detector ?? 'auto',
          params: o.rawParams,
        }));
    const source: SeriesSource = o.demo
      ? demoSource(io.now())
      : (expr, plan) => queryRange(o.prometheus!, expr, plan.fetchStart, plan.end, plan.stepMs);
    let progress: Progress | undefined;
    if (io.isTTY && !o.quiet) {
      bar = new SingleBar({
        format: 'vigil detect [{bar}] {value}/{total} series',
        stream: process.stderr,
        clearOnComplete: true,
        hideCursor: true,
      });
      bar.start(1, 0);
      progress = (done, total) => {
        bar!.setTotal(Math.max(total, 1));
        bar!.update(done);
      };
    }
    const { results, explained } = await runQueries(
      specs,
      {
        from: o.from,
        to: o.to,
        stepMs: o.stepMs,
        trainingWindowMs: o.trainingWindowMs,
        maxPoints: o.maxPoints,
        maxSeries: o.maxSeries,
        maxDataPoints: o.maxDataPoints,
        scrapeIntervalMs: o.scrapeIntervalMs,
        timeZone: o.timeZone,
      },
      source,
      progress
    );
    bar?.stop();
    bar = undefined;
    const say = (text: string) => !o.quiet && io.stderr(text + '\n');

    if (o.fitCheck) {
      const fits = fitCheck(results, o.folds);
      const text =
        o.format === 'json'
          ? JSON.stringify(
              { folds: o.folds, series: fits },
              (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
              2
            ) + '\n'
          : fitCheckMarkdown(fits, o.folds);
      emit(text, o.out, io);
      const failing = fits.filter((f) => f.verdict === 'does not generalise');
      say(
        `fit check: ${fits.length - failing.length} of ${fits.length} series generalise or are borderline${o.out ? `; written to ${o.out}` : ''}`
      );
      return failing.length ? EXIT_ANOMALIES : EXIT_NO_ANOMALY;
    }

    let noted: NotedEvent[] = templateNotes(explained, o.timeZone, o.llm ? 'Template' : 'Template (no LLM requested)');
    if (o.llm) {
      noted = await withLLMNotes(noted, io, o.timeZone, say);
    }
    let chartRef: string | undefined;
    if (o.chart) {
      const chart = o.chart;
      writeOutput('--chart', chart, () =>
        writeChart(chart, results, explained, { from: o.from, to: o.to, timeZone: o.timeZone })
      );
      chartRef = o.out ? path.relative(path.dirname(path.resolve(o.out)), path.resolve(o.chart)) : o.chart;
    }
    const text =
      o.format === 'json'
        ? jsonOutput(noted, results, { from: o.from, to: o.to, timeZone: o.timeZone })
        : markdownOutput(noted, results, { from: o.from, to: o.to, timeZone: o.timeZone, chartRef });
    emit(text, o.out, io);
    const counts = (['critical', 'warning', 'info'] as const)
      .map((s) => [s, explained.filter((x) => x.evidence.severity === s).length] as const)
      .filter(([, n]) => n)
      .map(([s, n]) => `${n} ${s}`);
    say(
      `${explained.length} anomaly event(s)${counts.length ? ` (${counts.join(', ')})` : ''} in ${formatRange(o.from, o.to, o.timeZone)} ${o.timeZone}` +
        `${o.out ? `; report: ${o.out}` : ''}${o.chart ? `; chart: ${o.chart}` : ''}`
    );
    return explained.length ? EXIT_ANOMALIES : EXIT_NO_ANOMALY;
  } catch (e) {
    bar?.stop();
    io.stderr(`vigil detect: ${errorMessage(e)}\n`);
    return EXIT_ERROR;
  }
}

async function withLLMNotes(
  noted: NotedEvent[],
  io: Streams,
  timeZone: string,
  say: (t: string) => void
): Promise<NotedEvent[]> {
  const endpoint = llmEndpoint(io.env);
  if (typeof endpoint === 'string') {
    say(`--llm: ${endpoint}; the notes use the template`);
    return noted.map((n) => ({ ...n, provider: `Template (--llm: ${endpoint})` }));
  }
  const chosen = new Set(
    bySeverity(noted.map((n) => ({ ...n, evidence: n.explained.evidence })))
      .slice(0, MAX_LLM_NOTES)
      .map((n) => n.explained.event.id)
  );
  const out: NotedEvent[] = [];
  let failed = 0;
  for (const n of noted) {
    if (!chosen.has(n.explained.event.id) || failed >= 3) {
      out.push(n);
      continue;
    }
    try {
      const note = await llmNote(endpoint, n.explained.evidence, timeZone);
      out.push({ ...n, note, provider: `LLM (${endpoint.model} at ${new URL(endpoint.baseURL).host})` });
    } catch (e) {
      failed++;
      say(`--llm: ${(e as Error).message}; using the template for this event${failed >= 3 ? ' and the rest' : ''}`);
      out.push({ ...n, provider: 'Template (the LLM endpoint failed)' });
    }
  }
  if (noted.length > MAX_LLM_NOTES) {
    say(
      `--llm: notes for the ${MAX_LLM_NOTES} most severe events; the other ${noted.length - MAX_LLM_NOTES} use the template`
    );
  }
  return out;
}

function emit(text: string, out: string | undefined, io: Streams): void {
  if (out) {
    writeOutput('--out', out, () => {
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, text);
    });
  } else {
    io.stdout(text);
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof QueryError) {
    return `${e.message}: ${errorMessage(e.cause)}`;
  }
  if (e instanceof UsageError || e instanceof PrometheusError || e instanceof PlanError || e instanceof OutputError) {
    return e.message;
  }
  if (e instanceof DetectorError) {
    return `detector error (${e.code}): ${e.message}`;
  }
  return `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}
