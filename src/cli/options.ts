import { DETECTORS, DetectorError, getDetector, ParamValue, RawParams, resolveDetectorParams } from '../detectors';
import { formatTime } from '../explain';
import { parseDuration } from './duration';
import { DEFAULT_SCRAPE_INTERVAL_MS } from './plan';

/** Flags of `vigil detect` as commander hands them over (strings; repeated --query collected). */
export interface RawFlags {
  prometheus?: string;
  query?: string[];
  legend?: string;
  range?: string;
  start?: string;
  end?: string;
  step?: string;
  detector?: string;
  params?: string;
  sensitivity?: string;
  direction?: string;
  minConsecutive?: string;
  trainingWindow?: string;
  scrapeInterval?: string;
  tz?: string;
  out?: string;
  chart?: string;
  format?: string;
  llm?: boolean;
  demo?: boolean;
  fitCheck?: boolean;
  folds?: string;
  maxPoints?: string;
  maxSeries?: string;
  maxDataPoints?: string;
  quiet?: boolean;
}

/** A validated run of `vigil detect`. Times in Unix ms. */
export interface DetectOptions {
  prometheus?: { url: string; timeoutMs: number; username?: string; password?: string; token?: string };
  queries: string[];
  legend?: string;
  from: number;
  to: number;
  stepMs: number; // 0 = auto
  /** Detector id and raw parameters for every query (undefined: the demo's own choice per query). */
  detector?: string;
  rawParams: RawParams;
  trainingWindowMs: number;
  /** The finest step auto picks, as the data source's scrape interval setting (default 15s). */
  scrapeIntervalMs: number;
  timeZone: string;
  out?: string;
  chart?: string;
  format: 'md' | 'json';
  llm: boolean;
  demo: boolean;
  fitCheck: boolean;
  folds: number;
  maxPoints: number;
  maxSeries: number;
  maxDataPoints: number;
  quiet: boolean;
}

/** A mistake in the flags or the environment: exit code 2 with this message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Checks the flags and the environment (PROMETHEUS_URL, PROMETHEUS_USERNAME / PROMETHEUS_PASSWORD,
 * PROMETHEUS_TOKEN, PROMETHEUS_TIMEOUT) and resolves the detector parameters through the registry, whose own
 * messages are reported for bad parameters. now is the current time in ms.
 * @throws UsageError saying what to change.
 */
export function resolveOptions(flags: RawFlags, env: Record<string, string | undefined>, now: number): DetectOptions {
  const demo = Boolean(flags.demo);
  const queries = flags.query ?? [];
  const url = flags.prometheus ?? env.PROMETHEUS_URL;
  if (!demo) {
    if (!url) {
      throw new UsageError(
        'no Prometheus: pass --prometheus URL or set PROMETHEUS_URL (or try --demo, which needs nothing running)'
      );
    }
    const from = flags.prometheus !== undefined ? '--prometheus' : 'PROMETHEUS_URL';
    // Checked first, and the URL never echoed: it holds a password. The backend refuses such URLs too
    // (pkg/models/settings.go).
    if (/@/.test(url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0])) {
      throw new UsageError(
        `${from}: the URL contains a user name or password; remove it and set PROMETHEUS_USERNAME and ` +
          `PROMETHEUS_PASSWORD instead (basic auth), so the password stays out of the command line and the messages`
      );
    }
    if (!/^https?:\/\/[^\s/]+/.test(url)) {
      throw new UsageError(`${from} ${JSON.stringify(url)} is not an http(s) URL; write e.g. http://localhost:9090`);
    }
    if (!queries.length) {
      throw new UsageError("no query: pass --query 'PROMQL' (repeat it for several queries)");
    }
  }
  if (queries.some((q) => !q.trim())) {
    throw new UsageError("--query is empty; write a PromQL expression, e.g. --query 'rate(http_requests_total[5m])'");
  }

  const timeoutMs = env.PROMETHEUS_TIMEOUT ? durationOrSeconds(env.PROMETHEUS_TIMEOUT, 'PROMETHEUS_TIMEOUT') : 30_000;
  if (env.PROMETHEUS_PASSWORD && !env.PROMETHEUS_USERNAME) {
    throw new UsageError('PROMETHEUS_PASSWORD is set without PROMETHEUS_USERNAME; set both for basic auth');
  }
  if (env.PROMETHEUS_USERNAME && env.PROMETHEUS_TOKEN) {
    throw new UsageError('both PROMETHEUS_USERNAME and PROMETHEUS_TOKEN are set; choose basic auth or a bearer token');
  }

  const { from, to } = timeRange(flags, now);
  const stepMs = !flags.step || flags.step === 'auto' ? 0 : duration(flags.step, '--step');
  if (flags.step && flags.step !== 'auto' && stepMs < 1000) {
    throw new UsageError(`--step ${flags.step} is below 1s; write a step of at least 1s, or auto`);
  }

  let detector = flags.detector;
  if (detector !== undefined) {
    try {
      getDetector(detector);
    } catch (e) {
      throw new UsageError(`--detector: ${(e as Error).message}`);
    }
  }
  const rawParams = parseParams(flags.params);
  if (flags.sensitivity !== undefined) {
    rawParams.sensitivity = number(flags.sensitivity, '--sensitivity');
  }
  if (flags.direction !== undefined) {
    rawParams.direction = flags.direction;
  }
  if (flags.minConsecutive !== undefined) {
    rawParams.minConsecutive = number(flags.minConsecutive, '--min-consecutive');
  }
  if (!demo && detector === undefined) {
    detector = 'auto';
  }
  if (detector !== undefined) {
    checkParams(detector, rawParams); // the demo's own detectors check theirs when they run
  }

  const timeZone = flags.tz ?? 'UTC';
  if (timeZone.toLowerCase() === 'browser') {
    // Grafana's "browser" is the viewer's zone; a report written here would silently depend on the machine.
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    throw new UsageError(
      `--tz browser: there is no browser in a command line; give an IANA name such as Europe/Paris, or UTC` +
        (here && here !== 'UTC' ? ` (this machine's zone is ${here})` : '')
    );
  }
  try {
    formatTime(0, timeZone);
  } catch {
    throw new UsageError(
      `--tz ${JSON.stringify(timeZone)} is not a time zone; use an IANA name such as Europe/Paris, or UTC`
    );
  }
  const format = flags.format ?? (flags.out?.endsWith('.json') ? 'json' : 'md');
  if (format !== 'md' && format !== 'json') {
    throw new UsageError(`--format ${JSON.stringify(format)}: choose md or json`);
  }
  if (flags.chart && !/\.(png|svg)$/i.test(flags.chart)) {
    throw new UsageError(`--chart ${JSON.stringify(flags.chart)}: the file name must end in .png or .svg`);
  }
  if (flags.chart && flags.fitCheck) {
    // The verdict is about score histograms of folds over the whole scored history; a chart of the range with its
    // band and markers would not show it, so rather than draw one that reads as the fit check's result, refuse.
    throw new UsageError(
      '--chart does not go with --fit-check: the fit check writes a table of fold divergences, not a chart; ' +
        'run the same command without --fit-check for the chart'
    );
  }
  return {
    prometheus: url
      ? {
          url,
          timeoutMs,
          username: env.PROMETHEUS_USERNAME,
          password: env.PROMETHEUS_PASSWORD,
          token: env.PROMETHEUS_TOKEN,
        }
      : undefined,
    queries,
    legend: flags.legend,
    from,
    to,
    stepMs,
    detector,
    rawParams,
    trainingWindowMs: flags.trainingWindow ? duration(flags.trainingWindow, '--training-window') : 7 * 86_400_000,
    scrapeIntervalMs: scrapeInterval(flags.scrapeInterval),
    timeZone,
    out: flags.out,
    chart: flags.chart,
    format,
    llm: Boolean(flags.llm),
    demo,
    fitCheck: Boolean(flags.fitCheck),
    folds: flags.folds ? integer(flags.folds, '--folds', 2, 20) : 5,
    maxPoints: flags.maxPoints ? integer(flags.maxPoints, '--max-points', 10, 10_000_000) : 11000,
    maxSeries: flags.maxSeries ? integer(flags.maxSeries, '--max-series', 1, 1_000_000) : 500,
    maxDataPoints: flags.maxDataPoints ? integer(flags.maxDataPoints, '--max-data-points', 1, 100_000) : 1000,
    quiet: Boolean(flags.quiet),
  };
}

/** --scrape-interval: 1s to 1h, as the data source's setting (default 15s). */
function scrapeInterval(flag: string | undefined): number {
  if (flag === undefined) {
    return DEFAULT_SCRAPE_INTERVAL_MS;
  }
  const ms = duration(flag, '--scrape-interval');
  if (ms < 1000 || ms > 3_600_000) {
    throw new UsageError(
      `--scrape-interval ${flag} must be between 1s and 1h (how often Prometheus scrapes, e.g. 15s)`
    );
  }
  return ms;
}

/** Validates parameters with the registry (its messages name the parameter and its range). */
export function checkParams(detector: string, raw: RawParams): void {
  try {
    resolveDetectorParams(detector, raw);
  } catch (e) {
    if (e instanceof DetectorError) {
      throw new UsageError(`detector ${detector}: ${e.message} (${e.code})`);
    }
    throw e;
  }
}

function timeRange(flags: RawFlags, now: number): { from: number; to: number } {
  if (flags.range && flags.start) {
    throw new UsageError('use either --range (with --end, or ending now) or --start/--end, not both');
  }
  const end = flags.end ? time(flags.end, '--end') : now;
  if (flags.start) {
    const start = time(flags.start, '--start');
    if (!(end > start)) {
      throw new UsageError(`--start ${flags.start} is not before the end (${new Date(end).toISOString()})`);
    }
    return { from: start, to: end };
  }
  return { from: end - duration(flags.range ?? '24h', '--range'), to: end };
}

/** RFC 3339 / ISO 8601 or Unix seconds, as Prometheus's API accepts them. */
function time(text: string, flag: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  const ms = Date.parse(text);
  if (!/^\d{4}-\d\d-\d\d/.test(text) || Number.isNaN(ms)) {
    throw new UsageError(
      `${flag} ${JSON.stringify(text)} is not a time; write RFC 3339 (2025-06-01T12:00:00Z) or Unix seconds`
    );
  }
  return ms;
}

function duration(text: string, flag: string): number {
  try {
    const ms = parseDuration(text);
    if (ms <= 0) {
      throw new Error(`"${text}" is zero`);
    }
    return ms;
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
}

function durationOrSeconds(text: string, name: string): number {
  if (/^\d+(\.\d+)?$/.test(text) && Number(text) > 0) {
    return Number(text) * 1000;
  }
  return duration(text, name);
}

function number(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`${flag} ${JSON.stringify(text)} is not a number`);
  }
  return n;
}

function integer(text: string, flag: string, lo: number, hi: number): number {
  const n = number(text, flag);
  if (!Number.isInteger(n) || n < lo || n > hi) {
    throw new UsageError(`${flag} must be a whole number from ${lo} to ${hi}, got ${text}`);
  }
  return n;
}

function parseParams(text?: string): RawParams {
  if (!text) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--params is not JSON (${(e as Error).message}); write e.g. --params '{"window":60}'`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--params must be a JSON object, e.g. '{"window":60}'`);
  }
  return { ...(parsed as Record<string, ParamValue>) };
}

/** The detector ids, for the help text. */
export const DETECTOR_IDS = DETECTORS.map((d) => d.id).join(', ');
