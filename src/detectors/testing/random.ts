/**
 * Seeded random series and parameters for the property tests. mulberry32, so a failing seed reproduces.
 */
import { ParamSpec } from '../params';
import { RawParams, Series } from '../types';
import { Mulberry32 } from '../mulberry32';

/** A uniform [0, 1) source from the library's mulberry32 (src/detectors/mulberry32.ts). */
export function mulberry32(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.uniform();
}

/** Caps keep windows small enough that random series (up to 400 points) often get past warm-up. */
const NUMERIC_CAP = 120;

/** UTC, zones with daylight saving on either hemisphere, and a half-hour offset. */
const TIME_ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'];

export function randomParams(specs: readonly ParamSpec[], rand: () => number): RawParams {
  const out: RawParams = {};
  for (const s of specs) {
    if (rand() < 0.3) {
      continue; // leave some at their defaults
    }
    switch (s.type) {
      case 'bool':
        out[s.name] = rand() < 0.5;
        break;
      case 'enum':
        out[s.name] = s.options![Math.floor(rand() * s.options!.length)];
        break;
      case 'int': {
        const hi = Math.min(s.max!, Math.max(s.min!, NUMERIC_CAP));
        out[s.name] = s.min! + Math.floor(rand() * (hi - s.min! + 1));
        break;
      }
      case 'string': // the only text parameter is a time zone
        out[s.name] = TIME_ZONES[Math.floor(rand() * TIME_ZONES.length)];
        break;
      case 'float': {
        const hi = Math.min(s.max!, Math.max(s.min! + 1, s.min! * 4, 10));
        out[s.name] = s.min! + rand() * (hi - s.min!);
        break;
      }
    }
  }
  return out;
}

/** A random series: noise around a level, sometimes seasonal, spiky, flat, gappy or far from zero. */
export function randomSeries(rand: () => number, n: number, t?: number[]): Series {
  const times = t ?? randomTimes(rand, n);
  const level = rand() < 0.2 ? 1e6 * rand() : 100 * rand();
  const noise = rand() < 0.15 ? 0 : rand() * 10;
  const amplitude = rand() < 0.5 ? rand() * 20 : 0;
  const period = 5 + Math.floor(rand() * 40);
  const nanRate = rand() < 0.5 ? rand() * 0.3 : 0;
  const v = times.map((_, i) => {
    if (rand() < nanRate) {
      return NaN;
    }
    let x = level + amplitude * Math.sin((2 * Math.PI * i) / period) + noise * (rand() - 0.5);
    if (rand() < 0.02) {
      x += (rand() - 0.5) * 200;
    }
    return x;
  });
  return { t: times, v };
}

export function randomTimes(rand: () => number, n: number): number[] {
  const step = [1000, 15000, 60000, 300000][Math.floor(rand() * 4)];
  const t: number[] = [];
  let now = 1_700_000_000_000;
  for (let i = 0; i < n; i++) {
    now += step * (rand() < 0.05 ? 2 + Math.floor(rand() * 3) : 1);
    t.push(now);
  }
  return t;
}
