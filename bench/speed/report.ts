/**
 * Prints the bench:speed table from the JSON lines the runners wrote: ts-node --swc bench/speed/report.ts
 * RESULTS.jsonl [--json]. Ratio = TS (or Go) points/s ÷ Python points/s on the same data (> 1: faster).
 */
import { readFileSync } from 'fs';
import { cpus, totalmem } from 'os';

interface Measure {
  lang: 'ts' | 'go' | 'python';
  detector: string;
  size: string;
  points: number;
  runs: number;
  seconds: number;
  pointsPerSec: number;
  peakRssMB: number;
  baseRssMB: number;
  allocMB?: number;
  prefix?: boolean;
}

interface Row {
  detector: string;
  size: string;
  language: 'ts' | 'go';
  points: number;
  /** Median seconds per run over `runs` timed runs. */
  seconds: number;
  runs: number;
  pointsPerSec: number;
  peakRssMB: number;
  /** Peak RSS minus the RSS before the detector ran (runtime and input excluded). */
  detectorRssMB: number;
  python: { points: number; pointsPerSec: number; peakRssMB: number; prefix: boolean } | null;
  ratio: number | null;
}

const [file, flag] = process.argv.slice(2);
const measures: Measure[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));
const find = (lang: string, detector: string, size: string) =>
  measures.find((m) => m.lang === lang && m.detector === detector && m.size === size);

const rows: Row[] = [];
for (const m of measures) {
  if (m.lang === 'python') {
    continue;
  }
  const py = find('python', m.detector, m.size);
  rows.push({
    detector: m.detector,
    size: m.size,
    language: m.lang,
    points: m.points,
    seconds: m.seconds,
    runs: m.runs,
    pointsPerSec: m.pointsPerSec,
    peakRssMB: m.peakRssMB,
    detectorRssMB: m.peakRssMB - m.baseRssMB,
    python: py
      ? { points: py.points, pointsPerSec: py.pointsPerSec, peakRssMB: py.peakRssMB, prefix: !!py.prefix }
      : null,
    ratio: py ? m.pointsPerSec / py.pointsPerSec : null,
  });
}
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;

if (flag === '--json') {
  process.stdout.write(JSON.stringify({ machine, rows, targets: targets().slice(1) }, null, 2) + '\n');
} else {
  console.log(`Machine: ${machine}`);
  console.log('');
  console.log(table());
  console.log('');
  console.log(targets().join('\n'));
}

function rate(x: number): string {
  return x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0);
}

function table(): string {
  const head = [
    'detector',
    'size',
    'TS points/s',
    'TS MB (det.)',
    'Go points/s',
    'Go MB (det.)',
    'Python points/s',
    'Py MB',
    'TS ÷ Py',
    'Go ÷ Py',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  const keys = [...new Set(rows.map((r) => `${r.detector}\u0000${r.size}`))];
  for (const key of keys) {
    const [detector, size] = key.split('\u0000');
    const ts = rows.find((r) => r.detector === detector && r.size === size && r.language === 'ts');
    const go = rows.find((r) => r.detector === detector && r.size === size && r.language === 'go');
    const py = (ts ?? go)?.python ?? null;
    const mem = (r?: Row) => (r ? `${r.peakRssMB.toFixed(0)} (${r.detectorRssMB.toFixed(0)})` : '—');
    const ratio = (r?: Row) => (r?.ratio != null ? `${r.ratio.toFixed(1)}×` : '—');
    lines.push(
      `| ${[
        detector,
        size,
        ts ? rate(ts.pointsPerSec) : '—',
        mem(ts),
        go ? rate(go.pointsPerSec) : '—',
        mem(go),
        py ? `${rate(py.pointsPerSec)}${py.prefix ? ` (first ${py.points})` : ''}` : '—',
        py ? py.peakRssMB.toFixed(0) : '—',
        ratio(ts),
        ratio(go),
      ].join(' | ')} |`
    );
  }
  return lines.join('\n');
}

/** The issue's targets, checked against what was measured. */
function targets(): string[] {
  const out: string[] = ['Targets:'];
  const slower = rows.filter((r) => r.ratio !== null && r.ratio < 1);
  out.push(
    slower.length === 0
      ? '- every TS and Go detector with a Python counterpart is at least as fast as it: met'
      : `- slower than Python: ${slower.map((r) => `${r.language} ${r.detector} ${r.size} (${r.ratio!.toFixed(2)}×)`).join(', ')}`
  );
  for (const [language, goal] of [
    ['go', 50e6],
    ['ts', 20e6],
  ] as const) {
    for (const detector of ['zscore', 'ewma']) {
      const r = rows.find((x) => x.language === language && x.detector === detector && x.size === '1e6');
      if (r) {
        const met = r.pointsPerSec >= goal;
        out.push(
          `- ${language} ${detector} at 1e6: ${rate(r.pointsPerSec)} points/s vs ≥ ${rate(goal)}: ` +
            (met ? 'met' : `missed by ${((1 - r.pointsPerSec / goal) * 100).toFixed(0)}%`)
        );
      }
    }
  }
  // Memory linear in points: the detector's own RSS from 1e5 to 1e6 points should grow about 10×, not more.
  const growth: string[] = [];
  for (const r of rows.filter((x) => x.size === '1e6')) {
    const small = rows.find((x) => x.language === r.language && x.detector === r.detector && x.size === '1e5');
    if (small) {
      const factor = r.detectorRssMB / Math.max(small.detectorRssMB, 1);
      growth.push(`${r.language} ${r.detector} ${factor.toFixed(1)}×`);
    }
  }
  out.push(`- detector RSS growth from 1e5 to 1e6 points (10× the points; ≤ ~10× is linear): ${growth.join(', ')}`);
  return out;
}
