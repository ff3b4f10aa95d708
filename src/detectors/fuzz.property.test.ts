/**
 * @jest-environment node
 *
 * fast-check properties for every detector through runDetector (the public entry; detector internals change
 * independently): random groups of series with NaN, ±Infinity, huge and tiny values, duplicate, unsorted and
 * far-apart times, and random parameters drawn from the registry's specs, some out of range or of the wrong
 * type. The twin of pkg/detectors/detectors_fuzz_test.go. Each run checks:
 *
 * - an error is a DetectorError whose code the input explains (invalid_param for a broken parameter or a rule
 *   between valid ones, invalid_input / non_finite_input for a bad series, too_few_series for a small group);
 * - otherwise one result per series, outputs aligned with the input, scores NaN or in [0, 100], lower ≤ expected
 *   ≤ upper where expected is defined, missing points unscored, an anomaly scored above 1, warm-up ≥ 0;
 * - the input is untouched and a second run gives the same outputs;
 * - the events grouped from each result lie inside the series' time range and hold every anomalous point.
 *
 * Fixed seed in the test command; `npm run fuzz` runs it for minutes (see src/detectors/testing/fastCheck.ts).
 */
import fc from 'fast-check';
import { DetectorError, ErrorCode } from './errors';
import { groupEvents } from './events';
import { DETECTORS, resolveDetectorParams, runDetector } from './registry';
import { DetectionResult, RawParams, Series } from './types';
import { DrawnParams, groupArb, paramsArb } from './testing/arbitraries';
import { checkProperty, propertyTimeoutMs } from './testing/fastCheck';

/** The error code a group's series must raise, or undefined when they are valid. */
function seriesProblem(group: readonly Series[]): ErrorCode | undefined {
  for (const { t, v } of group) {
    for (let i = 0; i < t.length; i++) {
      if (i > 0 && !(t[i] > t[i - 1])) {
        return 'invalid_input';
      }
      if (v[i] === Infinity || v[i] === -Infinity) {
        return 'non_finite_input';
      }
    }
  }
  return undefined;
}

/** Throws when a result breaks the detection contract for its series. */
export function checkResult(s: Series, r: DetectionResult): void {
  const n = s.v.length;
  const lengths = [r.expected.length, r.lower.length, r.upper.length, r.score.length, r.anomaly.length];
  if (lengths.some((l) => l !== n)) {
    throw new Error(`outputs ${lengths} not aligned with ${n} points`);
  }
  if (!(Number.isInteger(r.warmup) && r.warmup >= 0)) {
    throw new Error(`warm-up ${r.warmup}`);
  }
  for (let i = 0; i < n; i++) {
    const [x, score, e, lo, hi] = [s.v[i], r.score[i], r.expected[i], r.lower[i], r.upper[i]];
    if (Number.isNaN(x) && (!Number.isNaN(score) || r.anomaly[i])) {
      throw new Error(`point ${i} is missing but has score ${score}, anomaly ${r.anomaly[i]}`);
    }
    if (!Number.isNaN(score) && !(score >= 0 && score <= 100)) {
      throw new Error(`point ${i} (value ${x}): score ${score} outside [0, 100]`);
    }
    if (r.anomaly[i] && !(score > 1)) {
      throw new Error(`point ${i} (value ${x}): anomaly with score ${score}`);
    }
    if (!Number.isNaN(e) && !(lo <= e && e <= hi)) {
      throw new Error(`point ${i} (value ${x}): band [${lo}, ${hi}] does not hold expected ${e}`);
    }
  }
}

function checkEvents(s: Series, r: DetectionResult): void {
  const events = groupEvents(s, r, { job: 'fuzz' });
  let anomalous = 0;
  for (let i = 0; i < s.v.length; i++) {
    anomalous += r.anomaly[i] && !Number.isNaN(s.v[i]) ? 1 : 0;
  }
  let points = 0;
  events.forEach((ev, k) => {
    const first = s.t[0];
    const last = s.t[s.t.length - 1];
    if (!(
      ev.start >= first &&
      ev.end <= last &&
      ev.start <= ev.end &&
      ev.peakTime >= ev.start &&
      ev.peakTime <= ev.end
    )) {
      throw new Error(`event ${k} [${ev.start}, ${ev.end}] peak ${ev.peakTime} outside [${first}, ${last}]`);
    }
    if (k > 0 && ev.start <= events[k - 1].end) {
      throw new Error(`event ${k} does not start after the previous one`);
    }
    if (ev.points < 1 || !(ev.maxScore > 1) || !['up', 'down', 'mixed'].includes(ev.direction)) {
      throw new Error(`event ${k}: ${ev.points} points, max score ${ev.maxScore}, direction ${ev.direction}`);
    }
    points += ev.points;
  });
  if (points !== anomalous) {
    throw new Error(`events hold ${points} points, the result has ${anomalous} anomalous points`);
  }
}

function copy(group: readonly Series[]): Series[] {
  return group.map((s) => ({ t: Array.from(s.t), v: Array.from(s.v) }));
}

function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  return a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
}

function sameResult(a: DetectionResult, b: DetectionResult): boolean {
  return (
    (['expected', 'lower', 'upper', 'score', 'anomaly'] as const).every((k) => sameNumbers(a[k], b[k])) &&
    a.warmup === b.warmup
  );
}

/** The property for one detector: throws on a broken contract. */
function detectorProperty(id: string, multivariate: boolean, group: Series[], drawn: DrawnParams): void {
  const before = copy(group);
  let results: DetectionResult[];
  try {
    results = runDetector(id, group, drawn.raw);
  } catch (e) {
    if (!(e instanceof DetectorError) || !e.message) {
      throw new Error(`not a DetectorError with a message: ${e}`);
    }
    const problem = seriesProblem(group);
    const explained =
      (e.code === 'invalid_param' && (drawn.broken || throwsOnParams(id, drawn.raw))) ||
      ((e.code === 'invalid_input' || e.code === 'non_finite_input') && e.code === problem) ||
      (e.code === 'too_few_series' && multivariate && group.length < 3);
    if (!explained) {
      throw new Error(`${e.code} (${e.message}) not explained by the input (series problem: ${problem})`);
    }
    return;
  }
  if (!group.every((s, i) => sameNumbers(s.t, before[i].t) && sameNumbers(s.v, before[i].v))) {
    throw new Error('runDetector mutated its input');
  }
  if (drawn.broken) {
    throw new Error(`a broken parameter was accepted: ${JSON.stringify(drawn.raw)}`);
  }
  const problem = seriesProblem(group);
  if (problem) {
    throw new Error(`series with problem ${problem} were accepted`);
  }
  if (results.length !== group.length) {
    throw new Error(`${results.length} results for ${group.length} series`);
  }
  results.forEach((r, i) => {
    checkResult(group[i], r);
    checkEvents(group[i], r);
  });
  const again = runDetector(id, group, drawn.raw);
  if (!results.every((r, i) => sameResult(r, again[i]))) {
    throw new Error('a second run on the same input gives different outputs');
  }
}

function throwsOnParams(id: string, raw: RawParams): boolean {
  try {
    resolveDetectorParams(id, raw);
    return false;
  } catch {
    return true;
  }
}

/**
 * Inputs of extreme magnitude that once overflowed a detector's spread to ±Infinity (a sum of squares or a
 * difference of huge values), giving a NaN band and a score of 100 (issue 12, fuzzing): the minimal inputs found
 * by the campaign, pinned as ordinary tests. Values beyond ±MAX_MAGNITUDE are now detected as that bound
 * (series.ts); the Go twins pin the same inputs (pkg/detectors/detectors_fuzz_test.go).
 */
const EXTREME: Record<string, { v: number[]; raw: RawParams; stepMs?: number; offsetsMs?: number[] }> = {
  zscore: { v: [0, Number.MAX_VALUE, 0, 5e-324, 0, 0], raw: { window: 2 } },
  level_shift: { v: [0, 0, 0, 0, 0, 0, Number.MAX_VALUE, 0, 0, 0, 0, 0], raw: { window: 3 }, stepMs: 300_000 },
  ewma: { v: [Number.MAX_VALUE, -Number.MAX_VALUE, 0, 0], raw: { halfLife: 1 } },
  holt_winters: {
    v: [0, -Number.MAX_VALUE, 0, 5e-324, 0, 0, 0, 0],
    raw: { seasonLength: 3, gamma: 0, spreadHalfLife: 1 },
    offsetsMs: [0, 60_000, 120_000, 240_000, 300_000, 600_000, 660_000, 720_000],
  },
  seasonal: {
    v: [-Number.MAX_VALUE, -1e300, 0, 0, 0, 0, 0, 0],
    raw: { seasons: 2, bucket: 0, neighbours: 0, sensitivity: 0.1 },
    stepMs: 86_400_000,
  },
};

for (const d of DETECTORS) {
  it(
    `${d.id}: the detection contract holds on random series and parameters`,
    () => {
      checkProperty(
        `detector ${d.id}`,
        fc.property(groupArb(d.multivariate), paramsArb(d.params), (group, drawn) =>
          detectorProperty(d.id, d.multivariate, group, drawn)
        ),
        { numRuns: 300 }
      );
    },
    propertyTimeoutMs()
  );
  const extreme = EXTREME[d.id];
  if (extreme) {
    it(`${d.id}: the contract holds with ${Math.max(...extreme.v.map(Math.abs))} in the input`, () => {
      const t = extreme.v.map((_, i) => 1_700_000_000_000 + (extreme.offsetsMs?.[i] ?? (extreme.stepMs ?? 60_000) * i));
      detectorProperty(d.id, d.multivariate, [{ t, v: extreme.v }], { raw: extreme.raw, broken: false });
    });
  }
}
