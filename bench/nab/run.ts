/**
 * NAB benchmark runner (issue 3). Runs a detector causally over every CSV of a NAB-style corpus, writes
 * `<out>/<category>/<name>.csv` (timestamp,value,anomaly_score) and scores the outputs with the project's NAB
 * scorer: one line per profile with the normalised score at the optimised threshold and at the product's default
 * decision threshold (anomaly_score 0.5 = score 1, see detect.ts).
 *
 *   npm run bench:nab -- [--data DIR] [--labels WINDOWS.json] [--profiles PROFILES.json] [--out OUTDIR]
 *                        [--detector ID] [--params JSON] [--signal onset|score] [--json]
 *   npm run bench:nab -- --score-only OUTDIR [--labels WINDOWS.json] [--profiles PROFILES.json] [--json]
 *
 * Defaults: the 41-file subset in ../shared/nab beside the repository, the product default detector, and an
 * output directory under the system temp dir. Labels are read only for scoring; the detector never sees them,
 * and its parameters are the same for every file.
 */
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { DEFAULT_DETECTOR, RawParams } from '../../src/detectors';
import { listCsvFiles, readDataFile, readWindowsFile, windowRows, WindowsFile } from './corpus';
import { DEFAULT_THRESHOLD, detectFile, Signal } from './detect';
import { evaluate, ProfileResult } from './evaluate';
import { readOutput, writeOutput } from './output';
import { readProfiles } from './profiles';
import { ScoredFile } from './score';

const ROOT = resolve(__dirname, '..', '..');
const NAB = resolve(ROOT, '..', 'shared', 'nab');

interface Options {
  data: string;
  labels: string;
  profiles: string;
  out: string;
  detector: string;
  params: RawParams;
  json: boolean;
  signal: Signal;
  scoreOnly?: string;
}

const USAGE =
  'usage: npm run bench:nab -- [--data DIR] [--labels WINDOWS.json] [--profiles PROFILES.json] [--out OUTDIR] ' +
  '[--detector ID] [--params JSON] [--signal onset|score] [--json] | --score-only OUTDIR [--labels …] [--profiles …] [--json]';

function parseArgs(argv: string[]): Options {
  const o: Options = {
    data: join(NAB, 'data'),
    labels: join(NAB, 'labels', 'combined_windows.json'),
    profiles: join(NAB, 'profiles.json'),
    out: '',
    detector: DEFAULT_DETECTOR,
    params: {},
    json: false,
    signal: 'onset',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') {
      o.json = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) {
      throw new Error(`${flag} needs a value\n${USAGE}`);
    }
    switch (flag) {
      case '--data':
        o.data = resolve(value);
        break;
      case '--labels':
        o.labels = resolve(value);
        break;
      case '--profiles':
        o.profiles = resolve(value);
        break;
      case '--out':
        o.out = resolve(value);
        break;
      case '--detector':
        o.detector = value;
        break;
      case '--params':
        o.params = parseParams(value);
        break;
      case '--score-only':
        o.scoreOnly = resolve(value);
        break;
      case '--signal':
        if (value !== 'onset' && value !== 'score') {
          throw new Error(`--signal takes onset or score, got ${value}`);
        }
        o.signal = value;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  o.out ||= join(tmpdir(), `vigil-nab-${o.detector}`);
  return o;
}

function parseParams(text: string): RawParams {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`--params must be a JSON object such as '{"window": 120}', got ${text}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--params must be a JSON object such as '{"window": 120}', got ${text}`);
  }
  return parsed as RawParams;
}

function windowsOf(labels: WindowsFile, key: string, timestamps: string[]) {
  const windows = labels[key];
  if (!windows) {
    throw new Error(`${key} has no entry in the labels file; every scored file needs one (an empty list is fine)`);
  }
  return windowRows(key, timestamps, windows);
}

/** Runs the detector over the corpus and writes the outputs; labels are not read here. */
function detectCorpus(o: Options): string[] {
  const keys = listCsvFiles(o.data);
  if (keys.length === 0) {
    throw new Error(`no .csv files under ${o.data}`);
  }
  for (const key of keys) {
    const file = readDataFile(o.data, key);
    writeOutput(o.out, file, detectFile(file, o.detector, o.params, o.signal));
  }
  return keys;
}

function scoreOutputs(out: string, keys: string[], o: Options): Record<string, ProfileResult> {
  const labels = readWindowsFile(o.labels);
  const files: ScoredFile[] = keys.map((key) => {
    const { timestamps, scores } = readOutput(out, key);
    return { key, scores, windows: windowsOf(labels, key, timestamps) };
  });
  return evaluate(files, readProfiles(o.profiles), DEFAULT_THRESHOLD);
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  let out: string;
  let keys: string[];
  if (o.scoreOnly) {
    out = o.scoreOnly;
    keys = listCsvFiles(out);
  } else {
    const started = Date.now();
    keys = detectCorpus(o);
    out = o.out;
    if (!o.json) {
      const params = JSON.stringify(o.params);
      console.log(
        `${o.detector} ${params} (${o.signal} signal) on ${keys.length} files: ${(Date.now() - started) / 1000}s; ` +
          `outputs in ${out}`
      );
    }
  }
  const results = scoreOutputs(out, keys, o);
  if (o.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  for (const [profile, r] of Object.entries(results)) {
    console.log(
      `${profile.padEnd(20)} optimised ${r.optimised.toFixed(2).padStart(6)} (threshold ${r.threshold.toFixed(4)})` +
        `   at default ${r.atDefault.toFixed(2).padStart(6)} (threshold ${DEFAULT_THRESHOLD})`
    );
  }
}

try {
  main();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
