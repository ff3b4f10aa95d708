import { formatPromDuration } from './duration';

/**
 * The query plan of the backend (pkg/query/plan.go), ported so a command-line run fetches and scores the same
 * points as a panel. Auto: the step Grafana's Prometheus data source would query the range at (grafanaStep), or the
 * series' own sample interval when it is at least twice that (at most Prometheus' 5-minute lookback); the history
 * before the range (the training window, or the detector's warm-up if longer) is cut to the points the range
 * leaves, and only when even the warm-up does not fit does the step move up a ladder of round steps. The grid is
 * aligned to multiples of the step since the Unix epoch. testdata/plan.json holds cases both implementations must
 * answer identically (reason text included), and the sample-interval measurements (nativeInterval) too.
 */

const SECOND = 1000;
/** Nanoseconds per millisecond, as a BigInt (BigInt(…) rather than literals: the scaffold targets ES2019). */
const NS = BigInt(1_000_000);
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Prometheus' default lookback delta; auto never raises the step above it for a series' own interval. */
export const LOOKBACK_MS = 5 * MINUTE;
/** The scrape interval assumed when none is set (the backend's models.DefaultScrapeInterval). */
export const DEFAULT_SCRAPE_INTERVAL_MS = 15 * SECOND;
/** Grafana's Prometheus data source: Prometheus' points-per-series limit and the resolution assumed without max data points. */
const SAFE_RESOLUTION = 11000;
const DEFAULT_RESOLUTION = 1500;

/** The round steps auto moves up to (then whole days up to a year). */
const NICE_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
];

/**
 * Grafana's round intervals (gtime.RoundInterval in grafana-plugin-sdk-go): [upper bound in ms, inclusive unless
 * marked, rounded value in ms].
 */
const ROUND_INTERVALS: Array<[number, number]> = [
  [10, 1],
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1500, 1000],
  [3500, 2000],
  [7500, 5000],
  [12500, 10000],
  [17500, 15000],
  [25000, 20000],
  [45000, 30000],
  [90000, 60000],
  [210000, 120000],
  [450000, 300000],
  [750000, 600000],
  [1050000, 900000],
  [1500000, 1200000],
  [2700000, 1800000],
  [5400000, 3600000],
  [9000000, 7200000],
  [16200000, 10800000],
  [32400000, 21600000],
  [86400000, 43200000],
  [172800000, 86400000],
  [604800000, 86400000],
  [1814400000, 604800000],
];

/** gtime.RoundInterval for an interval in ns (BigInt); the result in ms. */
function roundInterval(ns: bigint): number {
  for (const [upper, value] of ROUND_INTERVALS) {
    if (ns <= BigInt(upper) * NS) {
      return value;
    }
  }
  return ns < BigInt(63072000000) * NS ? 2592000000 : 31536000000;
}

/** What to fetch: the grid [fetchStart, end] at stepMs, of which [visibleStart, end] is the range. Times Unix ms. */
export interface Plan {
  stepMs: number;
  fetchStart: number;
  visibleStart: number;
  end: number;
  /** History fetched before the range: the wanted history cut to the points the range leaves; at least the warm-up. */
  historyMs: number;
  /** History asked for: max(training window, warm-up at this step). */
  wantedMs: number;
  /** Grid points per series, history included. */
  points: number;
  /** The step was chosen automatically. */
  auto: boolean;
  reason: string;
}

export interface PlanInput {
  from: number;
  to: number;
  /** The panel interval in ms (0 = unknown). */
  intervalMs: number;
  /** Max data points (0 = unknown: Grafana's default resolution, 1500). */
  maxDataPoints: number;
  /** Max points per series, history included. */
  maxPoints: number;
  /** Points the detector needs before it scores. */
  warmupPoints: number;
  /** Set step in ms; 0 = auto. */
  stepMs: number;
  trainingWindowMs: number;
  /** Scrape interval in ms (0 or absent = 15s): the finest step auto picks. */
  scrapeIntervalMs?: number;
  /** The series' own sample interval measured from the data (nativeInterval; 0 or absent = not measured). */
  nativeIntervalMs?: number;
}

/** Chooses the step and the fetch range. @throws Error with the backend's messages (empty range, too many points). */
export function makePlan(input: PlanInput): Plan {
  checkRepresentable(input.from, input.to);
  if (!(input.to > input.from)) {
    throw new Error(
      `the time range is empty (from ${goTime(input.from)} to ${goTime(input.to)}); choose a longer range`
    );
  }
  if (input.stepMs > 0) {
    const p = plan(input.stepMs, input);
    if (!p) {
      throw new Error(
        `step ${fmt(input.stepMs)} gives ${visiblePoints(input.stepMs, input) + input.warmupPoints} points per series for the range (${fmt(input.to - input.from)}) and the detector's ` +
          `warm-up (${input.warmupPoints} points), more than the limit of ${input.maxPoints}; use a coarser step or auto, or raise "max points" ` +
          `in the data source settings`
      );
    }
    return {
      ...p,
      reason: `Detection step ${fmt(input.stepMs)} (set in the query). ${historyText(p, input)}${beforeRangeText(p, input)}`,
    };
  }
  const scrape =
    input.scrapeIntervalMs && input.scrapeIntervalMs > 0 ? input.scrapeIntervalMs : DEFAULT_SCRAPE_INTERVAL_MS;
  let base = grafanaStep(input.from, input.to, input.intervalMs, scrape, input.maxDataPoints);
  let basis = `Grafana's Prometheus step for this query, ${fmt(base)} (${grafanaInputs(input, scrape)})`;
  const native = input.nativeIntervalMs ?? 0;
  if (native >= 2 * base) {
    const raised = Math.min(roundToSecond(native), LOOKBACK_MS);
    if (raised > base) {
      const limit =
        raised < native
          ? `, at most Prometheus' lookback of ${fmt(LOOKBACK_MS)}, past which a range query misses samples`
          : '';
      basis = `the series' own sample interval, ${fmt(native)} measured from the data${limit}, instead of ${basis}: a finer step only repeats each sample`;
      base = raised;
    }
  }
  for (const step of candidateSteps(base)) {
    const p = plan(step, input);
    if (!p) {
      continue;
    }
    const reason =
      step === base
        ? `Detection step ${fmt(step)} (auto: ${basis}). ${historyText(p, input)}`
        : `Detection step ${fmt(step)} (auto: the next round step above ${basis}, at which the range and the detector's warm-up of ` +
          `${input.warmupPoints} points need ${visiblePoints(base, input) + input.warmupPoints} points per series, more than the limit of ` +
          `${input.maxPoints}). ${historyText(p, input)}`;
    return { ...p, auto: true, reason: reason + beforeRangeText(p, input) };
  }
  throw new Error(
    `the range and the detector's warm-up are too long for ${input.maxPoints} points per series even at a ` +
      `one-year step; shorten the range or raise "max points" in the data source settings`
  );
}

/**
 * The step Grafana's Prometheus data source queries a range at (pkg/promlib in grafana/grafana), in ms: the
 * interval at least the scrape interval; range/max data points rounded to Grafana's round intervals when larger;
 * at least range/11000 rounded the same way; whole seconds, at least 1s. Twin of query.GrafanaStep.
 */
export function grafanaStep(
  from: number,
  to: number,
  intervalMs: number,
  scrapeMs: number,
  maxDataPoints: number
): number {
  const minInterval = Math.max(intervalMs, scrapeMs);
  const resolution = maxDataPoints > 0 ? maxDataPoints : DEFAULT_RESOLUTION;
  // In whole nanoseconds, as Go's Duration division gives it (BigInt: ranges of years overflow a double's exact
  // integers in ns).
  const spanNs = BigInt(to - from) * NS;
  const calculated = spanNs / BigInt(resolution);
  let step = calculated >= BigInt(minInterval) * NS ? roundInterval(calculated) : minInterval;
  step = Math.max(step, roundInterval(spanNs / BigInt(SAFE_RESOLUTION)));
  return Math.max(roundToSecond(step), SECOND);
}

/** Go's Duration.Round(time.Second) for a positive duration in ms (halves away from zero). */
function roundToSecond(ms: number): number {
  return Math.floor((ms + SECOND / 2) / SECOND) * SECOND;
}

function grafanaInputs(input: PlanInput, scrapeMs: number): string {
  const interval = input.intervalMs > 0 ? `panel interval ${fmt(input.intervalMs)}` : 'no panel interval';
  const points =
    input.maxDataPoints > 0
      ? `max data points ${input.maxDataPoints}`
      : `no max data points (Grafana assumes ${DEFAULT_RESOLUTION})`;
  return `${interval}, scrape interval ${fmt(scrapeMs)}, ${points}`;
}

function candidateSteps(base: number): number[] {
  const out = [base, ...NICE_STEPS.filter((s) => s > base)];
  for (let d = 2; d <= 366; d++) {
    if (d * DAY > base) {
      out.push(d * DAY);
    }
  }
  return out;
}

/** Histories are capped at ~146 years (half a Go Duration's range), as in the backend. */
const MAX_HISTORY_NS = BigInt('4611686018427387903');

/** The grid at step: the range, then as much of the wanted history as the points left allow; undefined when the
 * range and the warm-up do not fit. The grid never passes the range's end: when no grid time falls in [from, to]
 * (a step longer than the range), the visible range is the one grid time before `to`, as Grafana's Prometheus data
 * source floors start and end to the step; beforeRangeText says so. Twin of plan in pkg/query/plan.go. */
function plan(step: number, input: PlanInput): Omit<Plan, 'reason'> | undefined {
  let visibleStart = ceilTo(input.from, step);
  const end = floorTo(input.to, step);
  if (end < visibleStart) {
    visibleStart = end;
  }
  const visible = (end - visibleStart) / step + 1;
  const warmup = input.warmupPoints;
  if (visible + warmup > input.maxPoints) {
    return undefined;
  }
  const limit = Number(MAX_HISTORY_NS / (BigInt(step) * NS));
  if (warmup > limit) {
    return undefined;
  }
  const trainingPoints = input.trainingWindowMs > 0 ? Math.ceil(input.trainingWindowMs / step) : 0;
  const wantedPoints = Math.min(Math.max(trainingPoints, warmup), limit);
  const points = Math.min(wantedPoints, input.maxPoints - visible);
  return {
    stepMs: step,
    fetchStart: visibleStart - points * step,
    visibleStart,
    end,
    historyMs: points * step,
    wantedMs: wantedPoints * step,
    points: visible + points,
    auto: false,
  };
}

/** The first and last times a query may use, Unix ms: the epoch, and the end of Go's and Grafana's nanosecond
 * timestamps (2262-04-11T23:47:16.854Z), after which a time reaches the backend wrapped around to one before 1970. */
export const EARLIEST_MS = 0;
export const LATEST_MS = 9223372036854;

/** @throws Error (the backend's checkRepresentable message) for a range with a time outside [EARLIEST_MS, LATEST_MS]. */
function checkRepresentable(from: number, to: number): void {
  if ([from, to].some((t) => !(t >= EARLIEST_MS && t <= LATEST_MS))) {
    throw new Error(
      `the time range (from ${goTime(from)} to ${goTime(to)}) is outside the times Vigil can query, 1970-01-01 to ` +
        `2262-04-11: Prometheus holds nothing before 1970, and Grafana counts time in nanoseconds since 1970, ` +
        `which end in April 2262 (a later time reaches the data source wrapped around to one before 1970); ` +
        `choose a range between 1970 and 2262`
    );
  }
}

/** Explains a plan whose only point lies before the range (a step longer than the range); '' otherwise. */
function beforeRangeText(p: Omit<Plan, 'reason'>, input: PlanInput): string {
  if (p.visibleStart >= input.from) {
    return '';
  }
  const span = fmt(input.to - input.from);
  return (
    ` The step ${fmt(p.stepMs)} is longer than the range (${span}) and no step time falls in it, so the last one ` +
    `before its end, ${goTime(p.end)}, is scored (Grafana's Prometheus data source floors start and end to the step the same ` +
    `way); for a point inside the range choose a step of at most ${span} or a longer range.`
  );
}

function visiblePoints(step: number, input: PlanInput): number {
  const start = ceilTo(input.from, step);
  const end = floorTo(input.to, step);
  return end < start ? 1 : (end - start) / step + 1;
}

function historyText(p: Omit<Plan, 'reason'>, input: PlanInput): string {
  if (p.historyMs >= p.wantedMs) {
    return `History: ${fmt(p.historyMs)} before the range.`;
  }
  return (
    `History: ${fmt(p.historyMs)} of the ${fmt(p.wantedMs)} asked for (training window or warm-up), as much as fits in ` +
    `${input.maxPoints} points per series at this step; raise "max points" in the data source settings or set a coarser step to ` +
    `use all of it.`
  );
}

/**
 * The series' own sample interval in ms, measured from a range query's values on a grid of stepMs (NaN = no value):
 * per series the interquartile mean of the spacings between points that are samples of their own, not Prometheus
 * repeating the latest sample within its lookback; over the series the smallest; 0 when no series has 4 spacings. A point repeats
 * when it equals the point before and lies at most the lookback after the first point of its run of equal values
 * (Prometheus 2 shows a sample up to and including the lookback after it, Prometheus 3 up to just before).
 * The first point does not start a spacing (its run may have begun before the range). Twin of query.NativeInterval.
 */
export function nativeInterval(stepMs: number, series: ReadonlyArray<ArrayLike<number>>): number {
  if (!(stepMs > 0)) {
    return 0;
  }
  const lookback = Math.floor(LOOKBACK_MS / stepMs);
  let best = 0;
  for (const v of series) {
    const spacings: number[] = [];
    let last = -1;
    let runStart = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (Number.isNaN(x)) {
        continue;
      }
      if (i === 0 || Number.isNaN(v[i - 1]) || x !== v[i - 1]) {
        runStart = i;
      } else if (i - runStart <= lookback) {
        continue;
      }
      if (last >= 0) {
        spacings.push(i - last);
      }
      if (i > 0) {
        last = i;
      }
    }
    if (spacings.length < 4) {
      continue;
    }
    const m = interquartileMean(spacings);
    if (best === 0 || m < best) {
      best = m;
    }
  }
  return Math.round(best * stepMs);
}

/** The mean of the middle half of the sorted values (indexes n/4 to n−n/4−1); twin of the Go function. */
function interquartileMean(v: number[]): number {
  v.sort((a, b) => a - b);
  const lo = Math.floor(v.length / 4);
  const hi = v.length - lo;
  let sum = 0;
  for (let i = lo; i < hi; i++) {
    sum += v[i];
  }
  return sum / (hi - lo);
}

function floorTo(t: number, step: number): number {
  return t - (((t % step) + step) % step);
}

function ceilTo(t: number, step: number): number {
  const f = floorTo(t, step);
  return f < t ? f + step : f;
}

const fmt = formatPromDuration;

/** A UTC time as Go's time.Time String() prints it: "2025-06-01 12:00:00 +0000 UTC" (fractions only when set). */
function goTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2025-06-01T12:00:00.000Z
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''} +0000 UTC`;
}
