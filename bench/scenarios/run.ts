/**
 * npm run bench:scenarios [-- --json] [--seed N] [--tolerance P] [--detectors a,b] [--params JSON] [--kinds a,b]
 *
 * Runs every detector with its default parameters over the scenario suite (generator.ts) and prints, per
 * detector and anomaly kind, event-level precision, recall, F1, median onset delay and the coverage of sustained
 * anomalies (scoring.ts; coverage up to the detector's `adaptAfter`, when it has one). Then the false-alarm rate:
 * the same series without their anomalies (`clean`) and white noise, in events (flagged runs) per day per series.
 * Univariate detectors get each series alone; isolation_forest gets it as a one-series group; peer_outlier gets
 * a group of the series and PEERS clean peers (same metric, level and start, own noise) and is scored on the
 * series' own flags only. `--params` (for tuning runs, not the reported table) passes the same parameters to
 * every selected detector; `--kinds` limits the suite to some anomaly kinds.
 */
import {
  DEFAULT_DETECTOR,
  DETECTORS,
  getDetector,
  RawParams,
  resolveDetectorParams,
  runDetector,
  Series,
} from '../../src/detectors';
import {
  ANOMALY_KINDS,
  AnomalyKind,
  generatePeers,
  generateScenario,
  scenarioSuite,
  SUSTAINED_KINDS,
} from './generator';
import { Rng } from './random';
import { addCounts, emptyCounts, EventCounts, metricsOf, Metrics, scoreEvents } from './scoring';

const PEERS = 4;
const DAY_MS = 86_400_000;

interface Options {
  json: boolean;
  seed: number;
  tolerance: number;
  detectors: string[];
  params: RawParams;
  kinds: AnomalyKind[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    json: false,
    seed: 1,
    tolerance: 3,
    detectors: DETECTORS.map((d) => d.id),
    params: {},
    kinds: [...ANOMALY_KINDS],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) {
        throw new Error(`${a} needs a value`);
      }
      return v;
    };
    if (a === '--json') {
      o.json = true;
    } else if (a === '--seed') {
      o.seed = Number(next());
    } else if (a === '--tolerance') {
      o.tolerance = Number(next());
    } else if (a === '--detectors') {
      o.detectors = next().split(',');
    } else if (a === '--params') {
      o.params = JSON.parse(next());
    } else if (a === '--kinds') {
      o.kinds = next().split(',') as AnomalyKind[];
    } else {
      throw new Error(
        `unknown argument ${a}; use --json, --seed N, --tolerance P, --detectors a,b, --params JSON, --kinds a,b`
      );
    }
  }
  if (!Number.isInteger(o.seed) || !Number.isInteger(o.tolerance) || o.tolerance < 0) {
    throw new Error('--seed and --tolerance take whole numbers (tolerance >= 0)');
  }
  const known = new Set(DETECTORS.map((d) => d.id));
  for (const id of o.detectors) {
    if (!known.has(id)) {
      throw new Error(`unknown detector ${id}; known: ${[...known].join(', ')}`);
    }
  }
  for (const k of o.kinds) {
    if (!ANOMALY_KINDS.includes(k)) {
      throw new Error(`unknown anomaly kind ${k}; known: ${ANOMALY_KINDS.join(', ')}`);
    }
  }
  return o;
}

interface Row extends Metrics {
  detector: string;
  kind: AnomalyKind | 'all';
  labelled: number;
  detected: number;
  falsePositives: number;
}

interface FalseAlarms {
  detector: string;
  series: number;
  days: number;
  events: number;
  /** Events per day per series. */
  rate: number;
  /** The largest number of events in one day of one series. */
  worstDay: number;
}

/** White noise (level 100, sd 5) at the suite's two resolutions: the plainest series a detector must leave alone. */
function whiteNoise(seed: number): Series[] {
  const rng = new Rng(seed);
  return [
    { stepSeconds: 60, points: 3 * 1440 },
    { stepSeconds: 300, points: 14 * 288 },
  ].map(({ stepSeconds, points }) => {
    const t = new Float64Array(points);
    const v = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      t[i] = Date.UTC(2026, 0, 5) + i * stepSeconds * 1000;
      v[i] = 100 + 5 * rng.normal();
    }
    return { t, v };
  });
}

/** The detector's adaptation time in points at this step, when it has an `adaptAfter` (seconds) parameter. */
function adaptPoints(id: string, params: RawParams, stepSeconds: number): number {
  if (!getDetector(id).params.some((p) => p.name === 'adaptAfter')) {
    return Infinity;
  }
  const seconds = resolveDetectorParams(id, params).adaptAfter as number;
  return seconds > 0 ? Math.max(1, Math.round(seconds / stepSeconds)) : Infinity;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const specs = scenarioSuite(o.seed).filter((s) => o.kinds.includes(s.anomaly));
  const scenarios = specs.map((s) => generateScenario(s));
  const noise = whiteNoise(o.seed);
  const counts = new Map<string, Map<AnomalyKind, EventCounts>>();
  const seconds = new Map<string, number>();
  const alarms: FalseAlarms[] = [];
  for (const id of o.detectors) {
    const perKind = new Map<AnomalyKind, EventCounts>(o.kinds.map((k) => [k, emptyCounts()]));
    const started = process.hrtime.bigint();
    const fa: FalseAlarms = { detector: id, series: 0, days: 0, events: 0, rate: 0, worstDay: 0 };
    const countAlarms = (series: Series, flags: ArrayLike<number>) => {
      const days = (series.t[series.t.length - 1] - series.t[0]) / DAY_MS;
      const perDay = new Map<number, number>();
      for (let i = 0; i < flags.length; i++) {
        if (flags[i] && (i === 0 || !flags[i - 1])) {
          const day = Math.floor(series.t[i] / DAY_MS);
          perDay.set(day, (perDay.get(day) ?? 0) + 1);
          fa.events++;
        }
      }
      fa.series++;
      fa.days += days;
      fa.worstDay = Math.max(fa.worstDay, ...perDay.values());
    };
    for (const sc of scenarios) {
      const series: Series = { t: sc.t, v: sc.values };
      const peers = id === 'peer_outlier' ? generatePeers(sc.spec, PEERS).map((v) => ({ t: sc.t, v })) : [];
      const flags = runDetector(id, [series, ...peers], o.params)[0].anomaly;
      const limit = adaptPoints(id, o.params, sc.spec.stepSeconds);
      addCounts(perKind.get(sc.spec.anomaly)!, scoreEvents(flags, sc.labels, o.tolerance, limit));
      const clean: Series = { t: sc.t, v: sc.clean };
      countAlarms(clean, runDetector(id, [clean, ...peers], o.params)[0].anomaly);
    }
    for (const series of noise) {
      const group = id === 'peer_outlier' ? [series, ...whiteNoise(o.seed + 1), ...whiteNoise(o.seed + 2)] : [series];
      const aligned = group.filter((s) => s.t.length === series.t.length);
      countAlarms(series, runDetector(id, aligned, o.params)[0].anomaly);
    }
    fa.rate = fa.events / fa.days; // days summed over the series: events per series-day
    alarms.push(fa);
    seconds.set(id, Number(process.hrtime.bigint() - started) / 1e9);
    counts.set(id, perKind);
  }

  const rows: Row[] = [];
  for (const [detector, perKind] of counts) {
    const all = emptyCounts();
    for (const kind of o.kinds) {
      const c = perKind.get(kind)!;
      addCounts(all, SUSTAINED_KINDS.has(kind) ? c : { ...c, coverages: [] }); // coverage: sustained kinds only
      rows.push(row(detector, kind, c));
    }
    rows.push(row(detector, 'all', all));
  }
  const points = scenarios.reduce((s, sc) => s + sc.values.length, 0);
  const suite = {
    seed: o.seed,
    tolerance: o.tolerance,
    params: o.params,
    series: scenarios.length,
    points,
    labelled: scenarios.reduce((s, sc) => s + sc.labels.length, 0),
    defaultDetector: DEFAULT_DETECTOR,
  };
  if (o.json) {
    process.stdout.write(JSON.stringify({ suite, seconds: Object.fromEntries(seconds), rows, alarms }, null, 2) + '\n');
    return;
  }
  console.log(
    `Scenario suite: seed ${suite.seed}, ${suite.series} series, ${suite.points} points, ${suite.labelled} labelled ` +
      `anomalies; event-level match with tolerance ${suite.tolerance} points after each window; ` +
      `parameters ${JSON.stringify(o.params)} (empty = defaults).`
  );
  console.log('');
  console.log(table(rows, seconds));
  console.log('');
  console.log('False alarms on the same series without their anomalies, and on white noise:');
  console.log('');
  console.log('| detector | series | days | events | events per day per series | worst day of one series |');
  console.log('|---|---|---|---|---|---|');
  for (const a of alarms) {
    console.log(
      `| ${a.detector} | ${a.series} | ${a.days.toFixed(0)} | ${a.events} | ${a.rate.toFixed(3)} | ${a.worstDay} |`
    );
  }
}

function row(detector: string, kind: AnomalyKind | 'all', c: EventCounts): Row {
  return {
    detector,
    kind,
    labelled: c.labelled,
    detected: c.detected,
    falsePositives: c.falsePositives,
    ...metricsOf(c),
  };
}

function table(rows: Row[], seconds: Map<string, number>): string {
  const fmt = (x: number | null, digits = 2) => (x === null ? 'n/a' : x.toFixed(digits));
  const header = [
    'detector',
    'anomaly',
    'labelled',
    'detected',
    'FP',
    'precision',
    'recall',
    'F1',
    'delay',
    'coverage',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const name = r.kind === 'all' ? `**${r.detector}** (${seconds.get(r.detector)!.toFixed(1)} s)` : r.detector;
    lines.push(
      `| ${[
        name,
        r.kind,
        r.labelled,
        r.detected,
        r.falsePositives,
        fmt(r.precision),
        fmt(r.recall),
        fmt(r.f1),
        fmt(r.medianDelay, 1),
        r.kind === 'all' || SUSTAINED_KINDS.has(r.kind) ? fmt(r.coverage) : '–',
      ].join(' | ')} |`
    );
  }
  return lines.join('\n');
}

try {
  main();
} catch (e) {
  console.error(`bench:scenarios: ${(e as Error).message}`);
  process.exit(1);
}
