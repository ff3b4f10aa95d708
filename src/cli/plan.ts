import { formatPromDuration } from './duration';

/**
 * The query plan of the backend (pkg/query/plan.go), ported so a command-line run fetches and scores the same
 * points as a panel: the detection step (set, or the smallest round step of a fixed ladder at or above the
 * panel interval that keeps history plus range within the point limit), aligned to multiples of the step since
 * the Unix epoch, and the history fetched before the range (the training window, or the detector's warm-up if
 * longer). testdata/plan.json holds cases both implementations must answer identically (reason text included).
 */

const SECOND = 1000;
/** Nanoseconds per millisecond, as a BigInt (BigInt(…) rather than literals: the scaffold targets ES2019). */
const NS = BigInt(1_000_000);
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The round steps auto may choose (then whole days up to a year). */
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

/** What to fetch: the grid [fetchStart, end] at stepMs, of which [visibleStart, end] is the range. Times Unix ms. */
export interface Plan {
  stepMs: number;
  fetchStart: number;
  visibleStart: number;
  end: number;
  historyMs: number;
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
  /** Max data points (0 = unknown). */
  maxDataPoints: number;
  /** Max points per series, history included. */
  maxPoints: number;
  /** Points the detector needs before it scores. */
  warmupPoints: number;
  /** Set step in ms; 0 = auto. */
  stepMs: number;
  trainingWindowMs: number;
}

/** Chooses the step and the fetch range. @throws Error with the backend's messages (empty range, too many points). */
export function makePlan(input: PlanInput): Plan {
  if (!(input.to > input.from)) {
    throw new Error(
      `the time range is empty (from ${goTime(input.from)} to ${goTime(input.to)}); choose a longer range`
    );
  }
  const visible = input.to - input.from;
  if (input.stepMs > 0) {
    const p = plan(input.stepMs, input);
    if (p.points > input.maxPoints) {
      throw new Error(
        `step ${fmt(input.stepMs)} gives ${p.points} points per series over the training window (${fmt(p.historyMs)}) and the ` +
          `range (${fmt(visible)}), more than the limit of ${input.maxPoints}; use a coarser step or auto, a shorter training window, or ` +
          `raise "max points" in the data source settings`
      );
    }
    return { ...p, reason: `Detection step ${fmt(input.stepMs)} (set in the query).` };
  }
  // The floor in whole nanoseconds, as Go's time.Duration division gives it (BigInt: ranges of years overflow
  // a double's exact integers in ns).
  let floorNs = BigInt(Math.max(input.intervalMs, SECOND)) * NS;
  if (input.maxDataPoints > 0) {
    const perPoint = (BigInt(visible) * NS) / BigInt(input.maxDataPoints);
    floorNs = perPoint > floorNs ? perPoint : floorNs;
  }
  const floorMs = Number((floorNs + NS / BigInt(2)) / NS); // Go's Round(ms), for the message
  for (const step of candidateSteps(floorNs)) {
    const p = plan(step, input);
    if (p.points <= input.maxPoints) {
      return {
        ...p,
        auto: true,
        reason:
          `Detection step ${fmt(step)} (auto: the smallest round step — 1s, 2s, 5s, … 1m, … 1h, … 1d — ` +
          `at or above the panel interval ${fmt(floorMs)} that keeps the ${fmt(p.historyMs)} of history plus the range within ${input.maxPoints} points per ` +
          `series; round steps keep the detection grid when you zoom).`,
      };
    }
  }
  throw new Error(
    `the range and training window are too long for ${input.maxPoints} points per series even at a ` +
      `one-day step; shorten them or raise "max points" in the data source settings`
  );
}

function candidateSteps(floorNs: bigint): number[] {
  const out = NICE_STEPS.filter((s) => BigInt(s) * NS >= floorNs);
  for (let d = 2; d <= 366; d++) {
    if (BigInt(d * DAY) * NS >= floorNs) {
      out.push(d * DAY);
    }
  }
  return out;
}

function plan(step: number, input: PlanInput): Omit<Plan, 'reason'> {
  const visibleStart = ceilTo(input.from, step);
  let end = floorTo(input.to, step);
  if (end < visibleStart) {
    end = visibleStart;
  }
  const history = Math.max(input.trainingWindowMs, input.warmupPoints * step);
  const fetchStart = floorTo(visibleStart - history, step);
  return {
    stepMs: step,
    fetchStart,
    visibleStart,
    end,
    historyMs: visibleStart - fetchStart,
    points: (end - fetchStart) / step + 1,
    auto: false,
  };
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
