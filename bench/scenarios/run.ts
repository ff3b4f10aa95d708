/**
 * npm run bench:scenarios [-- --json] [--seed N] [--tolerance P] [--detectors a,b] [--params JSON]
 *
 * Runs every detector with its default parameters over the scenario suite (generator.ts) and prints, per
 * detector and anomaly kind, event-level precision, recall, F1 and median detection delay (scoring.ts).
 * Univariate detectors get each series alone; isolation_forest gets it as a one-series group; peer_outlier gets
 * a group of the series and PEERS clean peers (same metric, level and start, own noise) and is scored on the
 * series' own flags only. `--params` (for tuning runs, not the reported table) passes the same parameters to
 * every selected detector.
 */
import { DEFAULT_DETECTOR, DETECTORS, RawParams, runDetector, Series } from '../../src/detectors';
import { ANOMALY_KINDS, AnomalyKind, generatePeers, generateScenario, scenarioSuite } from './generator';
import { addCounts, emptyCounts, EventCounts, metricsOf, Metrics, scoreEvents } from './scoring';

const PEERS = 4;

interface Options {
  json: boolean;
  seed: number;
  tolerance: number;
  detectors: string[];
  params: RawParams;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, seed: 1, tolerance: 3, detectors: DETECTORS.map((d) => d.id), params: {} };
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
    } else {
      throw new Error(`unknown argument ${a}; use --json, --seed N, --tolerance P, --detectors a,b, --params JSON`);
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
  return o;
}

interface Row extends Metrics {
  detector: string;
  kind: AnomalyKind | 'all';
  labelled: number;
  detected: number;
  falsePositives: number;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const specs = scenarioSuite(o.seed);
  const scenarios = specs.map((s) => generateScenario(s));
  const counts = new Map<string, Map<AnomalyKind, EventCounts>>();
  const seconds = new Map<string, number>();
  for (const id of o.detectors) {
    const perKind = new Map<AnomalyKind, EventCounts>(ANOMALY_KINDS.map((k) => [k, emptyCounts()]));
    const started = process.hrtime.bigint();
    for (const sc of scenarios) {
      const series: Series = { t: sc.t, v: sc.values };
      const group: Series[] =
        id === 'peer_outlier' ? [series, ...generatePeers(sc.spec, PEERS).map((v) => ({ t: sc.t, v }))] : [series];
      const flags = runDetector(id, group, o.params)[0].anomaly;
      addCounts(perKind.get(sc.spec.anomaly)!, scoreEvents(flags, sc.labels, o.tolerance));
    }
    seconds.set(id, Number(process.hrtime.bigint() - started) / 1e9);
    counts.set(id, perKind);
  }

  const rows: Row[] = [];
  for (const [detector, perKind] of counts) {
    const all = emptyCounts();
    for (const kind of ANOMALY_KINDS) {
      const c = perKind.get(kind)!;
      addCounts(all, c);
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
    process.stdout.write(JSON.stringify({ suite, seconds: Object.fromEntries(seconds), rows }, null, 2) + '\n');
    return;
  }
  console.log(
    `Scenario suite: seed ${suite.seed}, ${suite.series} series, ${suite.points} points, ${suite.labelled} labelled ` +
      `anomalies; event-level match with tolerance ${suite.tolerance} points after each window; ` +
      `parameters ${JSON.stringify(o.params)} (empty = defaults).`
  );
  console.log('');
  console.log(table(rows, seconds));
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
  const header = ['detector', 'anomaly', 'labelled', 'detected', 'FP', 'precision', 'recall', 'F1', 'delay'];
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
