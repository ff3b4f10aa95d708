/**
 * npm run bench:transform — the "Anomaly detection" transformation in Grafana's transformation pipeline
 * (@grafana/data transformDataFrame), next to Grafana's built-in "Add field from calculation" (binary operation)
 * on the same frames in the same run: 100 Prometheus series × 2,000 points. Prints medians and ratios; not a test.
 */
import './globals';
import * as os from 'os';
import { DataFrame, DataTransformerConfig, standardTransformersRegistry, transformDataFrame } from '@grafana/data';
import { firstValueFrom } from 'rxjs';
import { runDetector } from '../../src/detectors';
import { ANOMALY_TRANSFORMATION_ID } from '../../src/transformation/id';
import { registerAnomalyTransformation } from '../../src/transformation/registerCodeSplit';
import { detectorTimes, detectorValues } from '../../src/transformation/frameValues';
import { coreItems } from '../../src/transformation/testing/promFrames';
import { benchFrames } from './frames';

const SERIES = 100;
const POINTS = 2000;
const WARMUP_RUNS = 3;

interface Case {
  label: string;
  config: DataTransformerConfig;
  runs: number;
}

const CASES: Case[] = [
  {
    label: 'Add field from calculation (binary: every number field × 2), Grafana built-in',
    config: {
      id: 'calculateField',
      options: {
        mode: 'binary',
        binary: { left: { matcher: { id: 'byType', options: 'number' } }, operator: '*', right: { fixed: '2' } },
        alias: 'doubled',
      },
    },
    runs: 41,
  },
  {
    label: 'Anomaly detection, zscore (window 60)',
    config: { id: ANOMALY_TRANSFORMATION_ID, options: { detector: 'zscore' } },
    runs: 41,
  },
  {
    label: 'Anomaly detection, default detector (auto)',
    config: { id: ANOMALY_TRANSFORMATION_ID, options: {} },
    runs: 9,
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timeOnce(c: Case, frames: DataFrame[]): Promise<{ ms: number; out: DataFrame[] }> {
  const t0 = performance.now();
  const out = await firstValueFrom(transformDataFrame([c.config], frames));
  return { ms: performance.now() - t0, out };
}

async function main() {
  standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
  registerAnomalyTransformation();
  const frames = benchFrames(SERIES, POINTS);
  console.log(
    `${SERIES} series × ${POINTS} points (${SERIES * POINTS} points), Node ${process.version}, ` +
      `@grafana/data transformDataFrame; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at start`
  );
  // One case after another, each with its warm-up runs first (interleaving them made each case pay for the
  // garbage the previous one left).
  const times: number[][] = CASES.map(() => []);
  const outs: DataFrame[][] = CASES.map(() => []);
  for (const [k, c] of CASES.entries()) {
    for (let i = 0; i < WARMUP_RUNS + c.runs; i++) {
      const r = await timeOnce(c, frames);
      outs[k] = r.out;
      if (i >= WARMUP_RUNS) {
        times[k].push(r.ms);
      }
    }
  }
  const medians = times.map(median);
  const rows = CASES.map((c, k) => {
    // A timing of a transformation that did nothing would be meaningless: check it added its fields (in the
    // input's frames, as the built-in does, or in frames of their own, as the anomaly transformation does).
    const fieldCount = (fs: DataFrame[]) => fs.reduce((n, f) => n + f.fields.length, 0);
    const added = (fieldCount(outs[k]) - fieldCount(frames)) / frames.length;
    const notices = outs[k].flatMap((f) => f.meta?.notices ?? []).filter((n) => n.severity !== 'info');
    if (added < 1 || notices.length) {
      throw new Error(`${c.label}: added ${added} fields, notices ${JSON.stringify(notices.slice(0, 2))}`);
    }
    const t = times[k];
    return `| ${c.label} | ${c.runs} | ${medians[k].toFixed(1)} | ${Math.min(...t).toFixed(1)} | ${Math.max(...t).toFixed(1)} | ${(medians[k] / medians[0]).toFixed(1)}× | +${added} |`;
  });
  console.log(
    '\n| transformation | runs | median ms | min ms | max ms | median vs built-in | fields added per series |'
  );
  console.log('|---|---|---|---|---|---|---|');
  rows.forEach((r) => console.log(r));
  // Where the time goes: the zscore detector alone on the same points (no frames, no pipeline).
  const series = frames.map((f) => ({ t: detectorTimes(f.fields[0]), v: detectorValues(f.fields[1]) }));
  const alone: number[] = [];
  for (let i = 0; i < WARMUP_RUNS + 41; i++) {
    const t0 = performance.now();
    series.forEach((s) => runDetector('zscore', [s], {}));
    if (i >= WARMUP_RUNS) {
      alone.push(performance.now() - t0);
    }
  }
  console.log(
    `| (context) zscore detector alone: runDetector on the same 100 series, no frames | 41 | ${median(alone).toFixed(1)} | ${Math.min(...alone).toFixed(1)} | ${Math.max(...alone).toFixed(1)} | ${(median(alone) / medians[0]).toFixed(1)}× | – |`
  );
  const zscore = medians[1];
  console.log(
    `\nzscore median ${zscore.toFixed(1)} ms: ${zscore < 16 ? 'under' : 'OVER'} one animation frame (16 ms); ` +
      `${(zscore / medians[0]).toFixed(1)}× the built-in; load average ${os.loadavg()[0].toFixed(1)} at the end.`
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
