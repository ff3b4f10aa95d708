/**
 * How the fast-check property tests run. In the test command: a fixed seed and a small number of runs, so a
 * failure reproduces. For a longer campaign (`npm run fuzz`, scripts/fuzz.sh) the environment says how long:
 *
 * - FC_SEED: the seed (default 20240612); FC_NUM_RUNS: runs per property (default: each test's own small count);
 * - FC_SECONDS: run each property for this many seconds instead (runs unbounded, stopped by the time limit),
 *   with a fresh seed unless FC_SEED is set;
 * - FC_REPORT: a file to which each property appends one JSON line {property, runs, failed, seconds, seed}.
 *
 * A failure throws fast-check's report: the seed, the path and the shrunk counterexample.
 */
import fc from 'fast-check';
import { appendFileSync } from 'fs';

const DEFAULT_SEED = 20240612;

export interface PropertyRunOptions {
  /** Runs in the test command. */
  numRuns: number;
}

/** Runs a property with the seed and run count of the test command, or of the campaign the environment asks for. */
export function checkProperty<Ts>(name: string, property: fc.IProperty<Ts>, opts: PropertyRunOptions): void {
  const seconds = Number(process.env.FC_SECONDS ?? 0);
  const envSeed = process.env.FC_SEED;
  const seed = envSeed !== undefined ? Number(envSeed) : seconds > 0 ? Date.now() % 2 ** 31 : DEFAULT_SEED;
  const numRuns = seconds > 0 ? Number.MAX_SAFE_INTEGER : Number(process.env.FC_NUM_RUNS ?? opts.numRuns);
  const started = Date.now();
  const details = fc.check(property, {
    seed,
    numRuns,
    ...(seconds > 0 && { plugins: [fc.interruptAfterTimeLimit(seconds * 1000)] }),
  });
  const report = process.env.FC_REPORT;
  if (report) {
    const line = {
      property: name,
      runs: details.numRuns,
      failed: details.failed,
      seconds: (Date.now() - started) / 1000,
      seed,
    };
    appendFileSync(report, JSON.stringify(line) + '\n');
  }
  if (details.failed) {
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${name}: ${cause}\n${fc.defaultReportMessage(details) ?? ''}`);
  }
}

/** Jest's per-test timeout for a property: the campaign's time plus a margin, or jest's default. */
export function propertyTimeoutMs(): number {
  const seconds = Number(process.env.FC_SECONDS ?? 0);
  return seconds > 0 ? (seconds + 120) * 1000 : 60_000;
}
