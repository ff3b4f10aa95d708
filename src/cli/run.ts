import { DetectionResult, getDetector, RawParams, resolveDetectorParams, runDetector, Series } from '../detectors';
import { Explained, explainAll, ExplainSeries, QueryInfo } from '../explain';
import { legend } from './legend';
import { makePlan, nativeInterval, Plan, PlanInput } from './plan';
import { PromSeries } from './prometheus';
import { interpolate } from './variables';

/** One query of a run: PromQL, how to name its series, and the detector with its raw parameters. */
export interface QuerySpec {
  refId: string;
  expr: string;
  legend?: string;
  detector: string;
  params: RawParams;
}

/** Where series come from: Prometheus's query_range, or the demo's generator. */
export type SeriesSource = (expr: string, plan: Plan) => Promise<PromSeries[]>;

/** What a query gave: its plan, its series (whole fetched range, history included) and its notices. */
export interface QueryResult {
  spec: QuerySpec;
  plan: Plan;
  series: ExplainSeries[];
  notices: string[];
}

export interface RunSettings {
  from: number;
  to: number;
  stepMs: number;
  trainingWindowMs: number;
  maxPoints: number;
  maxSeries: number;
  maxDataPoints: number;
  /** Scrape interval in ms: the finest step auto picks (the data source's scrape interval setting). */
  scrapeIntervalMs: number;
  /** IANA time zone of daily and weekly seasons, given to detectors that take a `timezone` parameter. */
  timeZone: string;
}

/** Progress: called with the number of series scored so far and the total known so far. */
export type Progress = (done: number, total: number) => void;

/**
 * Runs the queries as the backend does (pkg/plugin/run.go): plan (the same step ladder and training window),
 * query_range, a common grid with NaN for missing samples and ±Inf, the detector per series (multivariate ones
 * on the whole result), then events and their evidence (src/explain). Events that start before the range are
 * left out: the history is there to warm the detector and to compare with earlier days.
 * @throws the source's errors (PrometheusError), DetectorError for bad parameters, PlanError for impossible plans;
 * with several queries wrapped in a QueryError that says which query failed.
 */
export async function runQueries(
  specs: QuerySpec[],
  settings: RunSettings,
  source: SeriesSource,
  progress: Progress = () => undefined
): Promise<{ results: QueryResult[]; explained: Explained[] }> {
  const results: QueryResult[] = [];
  let done = 0;
  let total = 0;
  for (const [index, original] of specs.entries()) {
    try {
      const det = getDetector(original.detector);
      const spec = withTimeZone(original, settings.timeZone);
      const params = resolveDetectorParams(spec.detector, spec.params);
      const planInput: PlanInput = {
        from: settings.from,
        to: settings.to,
        intervalMs: 0,
        maxDataPoints: settings.maxDataPoints,
        maxPoints: settings.maxPoints,
        warmupPoints: det.warmup(params),
        stepMs: settings.stepMs,
        trainingWindowMs: settings.trainingWindowMs,
        scrapeIntervalMs: settings.scrapeIntervalMs,
      };
      // As the backend does (pkg/plugin/fetch.go): Grafana's variables replaced for the plan's step, and a series
      // sampled far less often than the step read again at its own interval.
      const fetchAt = async (p: Plan) => {
        const v = interpolate(spec.expr, {
          stepMs: p.stepMs,
          rangeMs: settings.to - settings.from,
          scrapeMs: settings.scrapeIntervalMs,
        });
        return { plan: p, series: await source(v.expr, p), notice: v.notice };
      };
      let f = await fetchAt(cliPlan(planInput));
      if (!settings.stepMs) {
        const native = nativeInterval(
          f.plan.stepMs,
          toGrid(f.series, f.plan).series.map((s) => s.v)
        );
        const replanned = cliPlan({ ...planInput, nativeIntervalMs: native });
        if (replanned.stepMs !== f.plan.stepMs) {
          f = await fetchAt(replanned);
        }
      }
      const plan = f.plan;
      let fetched = f.series;
      const notices: string[] = [plan.reason, ...(f.notice ? [f.notice] : [])];
      if (fetched.length > settings.maxSeries) {
        notices.push(
          `The query returned ${fetched.length} series; only the first ${settings.maxSeries} are analysed (--max-series).`
        );
        fetched = fetched.slice(0, settings.maxSeries);
      }
      if (!fetched.length) {
        notices.push('The query returned no series in this time range.');
      }
      total += fetched.length;
      progress(done, total);
      const grid = toGrid(fetched, plan);
      if (grid.infinite) {
        notices.push(`${grid.infinite} point(s) were +Inf or -Inf and were treated as missing.`);
      }
      let detected: DetectionResult[];
      if (det.multivariate) {
        detected = fetched.length ? runDetector(spec.detector, grid.series, spec.params) : [];
        done += fetched.length;
        progress(done, total);
      } else {
        detected = [];
        for (const s of grid.series) {
          detected.push(runDetector(spec.detector, [s], spec.params)[0]);
          progress(++done, total);
          await new Promise((r) => setImmediate(r)); // let the progress bar draw
        }
      }
      const visibleIndex = (plan.visibleStart - plan.fetchStart) / plan.stepMs;
      const cold = grid.series.filter((s, i) => validBefore(s.v, visibleIndex) < detected[i].warmup).length;
      if (cold) {
        notices.push(
          `${cold} of ${grid.series.length} series had fewer points before the range than the detector's warm-up; widen --training-window.`
        );
      }
      const names = new Set<string>();
      const series = fetched.map((f, i): ExplainSeries => {
        let name = legend(spec.legend, f.labels, spec.expr);
        for (let n = 2; names.has(name); n++) {
          name = `${legend(spec.legend, f.labels, spec.expr)} (${n})`;
        }
        names.add(name);
        const r = detected[i];
        return {
          key: `${spec.refId}/${name}`,
          name,
          refId: spec.refId,
          labels: f.labels,
          t: grid.t,
          v: grid.series[i].v,
          expected: r.expected,
          lower: r.lower,
          upper: r.upper,
          score: r.score,
          anomaly: r.anomaly,
        };
      });
      results.push({ spec, plan, series, notices });
    } catch (e) {
      throw specs.length > 1 ? new QueryError(index, specs.length, original, e) : e;
    }
  }
  const queries: QueryInfo[] = specs.map((s) => ({
    refId: s.refId,
    expr: s.expr,
    detector: s.detector,
    params: s.params,
  }));
  const visibleStart = new Map(results.map((r) => [r.spec.refId, r.plan.visibleStart]));
  const explained = explainAll({ series: results.flatMap((r) => r.series), tableEvents: [], queries }).filter(
    (x) => x.event.start >= (visibleStart.get(x.event.refId ?? '') ?? -Infinity)
  );
  return { results, explained };
}

/** A plan the limits do not allow (empty range, too many points): the plan's message in the command line's words. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** The failure of one query of several: which one (1-based index, refId, PromQL) and its error (cause). */
export class QueryError extends Error {
  readonly cause: unknown;
  constructor(index: number, count: number, spec: QuerySpec, cause: unknown) {
    const expr = spec.expr.replace(/\s+/g, ' ').trim();
    super(`query ${index + 1} of ${count} (${spec.refId}: ${expr.length > 120 ? `${expr.slice(0, 119)}…` : expr})`);
    this.name = 'QueryError';
    this.cause = cause;
  }
}

/**
 * makePlan (shared with the data source's twin, so its messages name the data source's "max points" setting) with
 * the messages and the plan's reason naming the command line's flag, --max-points. @throws PlanError
 */
function cliPlan(input: PlanInput): Plan {
  const words = (text: string) => text.replace(/"max points" in the data source settings/g, '--max-points');
  try {
    const p = makePlan(input);
    return { ...p, reason: words(p.reason) };
  } catch (e) {
    throw e instanceof Error ? new PlanError(words(e.message)) : e;
  }
}

/**
 * The query's detector parameters with the run's time zone when the detector takes a `timezone` parameter and the
 * parameters set none (the data source does the same with a query's time zone).
 */
function withTimeZone(spec: QuerySpec, timeZone: string): QuerySpec {
  const takesZone = getDetector(spec.detector).params.some((p) => p.name === 'timezone');
  if (!takesZone || spec.params.timezone !== undefined) {
    return spec;
  }
  return { ...spec, params: { ...spec.params, timezone: timeZone } };
}

/** Every series on the plan's grid, NaN where there was no sample (or ±Inf), so all share timestamps. */
function toGrid(fetched: PromSeries[], plan: Plan): { t: Float64Array; series: Series[]; infinite: number } {
  const t = Float64Array.from({ length: plan.points }, (_, i) => plan.fetchStart + i * plan.stepMs);
  let infinite = 0;
  const series = fetched.map((s) => {
    const v = new Float64Array(plan.points).fill(NaN);
    s.t.forEach((ts, j) => {
      const k = (ts - plan.fetchStart) / plan.stepMs;
      if (!Number.isInteger(k) || k < 0 || k >= plan.points) {
        return;
      }
      const x = s.v[j];
      if (x === Infinity || x === -Infinity) {
        infinite++;
        return;
      }
      v[k] = x;
    });
    return { t, v };
  });
  return { t, series, infinite };
}

function validBefore(v: ArrayLike<number>, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < v.length; i++) {
    if (!Number.isNaN(v[i])) {
      n++;
    }
  }
  return n;
}

/** The visible part of a series (for charts): from index `from` on. */
export function visiblePart(s: ExplainSeries, from: number): ExplainSeries {
  const cut = (a?: ArrayLike<number>) => (a ? Array.prototype.slice.call(a, from) : undefined);
  return {
    ...s,
    t: cut(s.t)!,
    v: cut(s.v)!,
    expected: cut(s.expected),
    lower: cut(s.lower),
    upper: cut(s.upper),
    score: cut(s.score),
    anomaly: cut(s.anomaly),
  };
}
