/**
 * Writes the bench:speed inputs into DIR: for each size in sizes.json one file of float64 little-endian values
 * (series after series). The values are a daily cycle, noise and rare spikes, seeded, so every language reads
 * exactly the same numbers. Usage: ts-node --swc bench/speed/data.ts DIR
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { Rng } from '../scenarios/random';
import { CASES } from './cases';

function values(count: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const daily = Math.sin((2 * Math.PI * i) / 1440);
    out[i] = 100 + 30 * daily + 3 * rng.normal() + (rng.uniform() < 0.001 ? 40 : 0);
  }
  return out;
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: data.ts DIR');
  process.exit(2);
}
for (const size of CASES.sizes) {
  const v = values(size.series * size.points, 42);
  writeFileSync(join(dir, `${size.name}.f64`), Buffer.from(v.buffer));
}
