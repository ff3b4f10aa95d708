/**
 * Reads the shared vector files (testdata/detectors/*.json) for the TypeScript tests. The Go twin reads the same
 * files in pkg/detectors/vectors_test.go with the same tolerance rule.
 */
import * as fs from 'fs';
import * as path from 'path';

export const VECTOR_DIR = path.resolve(__dirname, '../../../testdata/detectors');

type Encoded = number | 'NaN' | '+Inf' | '-Inf';

export interface VectorSeries {
  t: number[];
  v: number[];
}

export interface VectorOutputs {
  expected: number[];
  lower: number[];
  upper: number[];
  score: number[];
  anomaly: boolean[];
  warmup?: number;
}

export interface VectorCase {
  name: string;
  /** Overrides the file's tolerance for this case. */
  tolerance?: { abs: number; rel: number };
  params: Record<string, number | string | boolean>;
  /** One series for univariate detectors, a list for multivariate ones. */
  input: VectorSeries | VectorSeries[];
  expected: VectorOutputs | VectorOutputs[] | { error: string };
}

export interface VectorFile {
  detector: string;
  source: string;
  tolerance: { abs: number; rel: number };
  cases: VectorCase[];
  file: string;
}

export function decode(x: Encoded): number {
  if (x === 'NaN') {
    return NaN;
  }
  if (x === '+Inf') {
    return Infinity;
  }
  if (x === '-Inf') {
    return -Infinity;
  }
  return x;
}

function decodeSeries(s: { t: Encoded[]; v: Encoded[] }): VectorSeries {
  return { t: s.t.map(decode), v: s.v.map(decode) };
}

function decodeOutputs(o: any): any {
  if ('error' in o) {
    return o;
  }
  return {
    ...o,
    expected: o.expected.map(decode),
    lower: o.lower.map(decode),
    upper: o.upper.map(decode),
    score: o.score.map(decode),
  };
}

export function loadVectorFiles(dir = VECTOR_DIR): VectorFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const raw = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const cases: VectorCase[] = raw.cases.map((c: any) => ({
        ...c,
        input: Array.isArray(c.input) ? c.input.map(decodeSeries) : decodeSeries(c.input),
        expected: Array.isArray(c.expected) ? c.expected.map(decodeOutputs) : decodeOutputs(c.expected),
      }));
      return { ...raw, cases, file: f };
    });
}

/** The tolerance rule both suites use: NaN equals only NaN; otherwise |got − want| <= abs + rel·|want|. */
export function close(got: number, want: number, tol: { abs: number; rel: number }): boolean {
  if (Number.isNaN(want) || Number.isNaN(got)) {
    return Number.isNaN(want) && Number.isNaN(got);
  }
  if (!Number.isFinite(want)) {
    return got === want;
  }
  return Math.abs(got - want) <= tol.abs + tol.rel * Math.abs(want);
}
