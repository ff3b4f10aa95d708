/**
 * One bench:speed case in Node: ts-node --swc bench/speed/case.ts DIR DETECTOR SIZE
 * Prints one JSON line: points, seconds per run, points/s, peak RSS and the RSS before the detector ran.
 * Run in a fresh process per case so the peak RSS (process.resourceUsage().maxRSS) belongs to this case only.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { getDetector, runDetector, Series } from '../../src/detectors';
import { CASES } from './cases';

const [dir, detector, sizeName] = process.argv.slice(2);
const size = CASES.sizes.find((s) => s.name === sizeName);
if (!dir || !detector || !size) {
  console.error('usage: case.ts DIR DETECTOR SIZE');
  process.exit(2);
}
const buf = readFileSync(join(dir, `${size.name}.f64`));
const all = new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8);
const multivariate = getDetector(detector).multivariate;

/** Series of `length` points cut from the data; a group of several when the detector is multivariate. */
function inputs(): Series[][] {
  const times = new Map<number, Float64Array>();
  const timesOf = (n: number) => {
    if (!times.has(n)) {
      times.set(
        n,
        Float64Array.from({ length: n }, (_, i) => CASES.startMs + i * CASES.stepMs)
      );
    }
    return times.get(n)!;
  };
  const g = CASES.groupSize;
  // One long series is split into groupSize series for a group detector; the fleet is grouped as it is.
  const length = size!.series === 1 && multivariate ? Math.floor(size!.points / g) : size!.points;
  const count = Math.floor(all.length / length);
  const series: Series[] = [];
  for (let s = 0; s < count; s++) {
    series.push({ t: timesOf(length), v: all.subarray(s * length, (s + 1) * length) });
  }
  if (!multivariate) {
    return series.map((s) => [s]);
  }
  const groups: Series[][] = [];
  for (let s = 0; s + g <= series.length; s += g) {
    groups.push(series.slice(s, s + g));
  }
  return groups;
}

const groups = inputs();
const points = groups.reduce((n, grp) => n + grp.reduce((m, s) => m + s.v.length, 0), 0);
const runOnce = () => {
  const started = process.hrtime.bigint();
  for (const grp of groups) {
    runDetector(detector, grp, {});
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
};

const baseRssKB = process.resourceUsage().maxRSS;
const first = runOnce();
// The peak of the first run only: later runs would add garbage the collector has not yet returned.
const peakRssKB = process.resourceUsage().maxRSS;
// Repeat short cases for at least a second; the first (unoptimised) run is dropped when there are others.
const times: number[] = [];
let total = first;
while (total < 1 && times.length < 1000) {
  const s = runOnce();
  times.push(s);
  total += s;
}
if (times.length === 0) {
  times.push(first);
}
times.sort((a, b) => a - b);
const seconds = times[times.length >> 1];
console.log(
  JSON.stringify({
    lang: 'ts',
    detector,
    size: size.name,
    points,
    runs: times.length,
    seconds,
    pointsPerSec: points / seconds,
    peakRssMB: peakRssKB / 1024,
    baseRssMB: baseRssKB / 1024,
  })
);
