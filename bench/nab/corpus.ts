import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, sep } from 'path';

/** One NAB data file as rows in file order: timestamps as written and values. */
export interface DataFile {
  /** `<category>/<name>.csv`, the key the windows file uses. */
  key: string;
  timestamps: string[];
  values: number[];
  /** The value column as written, so outputs repeat it exactly. */
  rawValues: string[];
}

/** A labelled window as inclusive row indices (rows, not timestamps: NAB files repeat and reorder a few). */
export interface RowWindow {
  start: number;
  end: number;
}

/** Every `.csv` under `dir`, keyed `<category>/<name>.csv` (forward slashes), in sorted order. */
export function listCsvFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else if (name.endsWith('.csv')) {
        out.push(relative(dir, path).split(sep).join('/'));
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * Reads a CSV whose first two columns are `timestamp,value` (a header row first). Extra columns are returned by
 * name so `--score-only` can read `anomaly_score` from our own outputs.
 */
export function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  if (lines.length === 0) {
    throw new Error(`${path}: empty file, expected a header row`);
  }
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

export function readDataFile(dir: string, key: string): DataFile {
  const { header, rows } = readCsv(join(dir, key));
  if (header[0] !== 'timestamp' || header[1] !== 'value') {
    throw new Error(`${key}: header must start with "timestamp,value", got "${header.join(',')}"`);
  }
  const values = rows.map((r, i) => {
    const x = Number(r[1]);
    if (r[1] === undefined || r[1] === '' || !Number.isFinite(x)) {
      throw new Error(`${key}: row ${i + 2} has value "${r[1]}", expected a finite number`);
    }
    return x;
  });
  return { key, timestamps: rows.map((r) => r[0]), values, rawValues: rows.map((r) => r[1]) };
}

/** The windows file: `{"<category>/<name>.csv": [["start", "end"], …]}` with timestamps as NAB writes them. */
export type WindowsFile = Record<string, Array<[string, string]>>;

export function readWindowsFile(path: string): WindowsFile {
  return JSON.parse(readFileSync(path, 'utf8')) as WindowsFile;
}

/**
 * A file's windows as row indices: start is the first row whose timestamp equals the window start, end the first
 * row whose timestamp equals the window end (nab.md 2.1). NAB writes window ends with a `.000000` suffix that the
 * data rows lack; it is dropped before comparing.
 */
export function windowRows(key: string, timestamps: readonly string[], windows: Array<[string, string]>): RowWindow[] {
  const first = new Map<string, number>();
  timestamps.forEach((ts, i) => {
    if (!first.has(ts)) {
      first.set(ts, i);
    }
  });
  const find = (ts: string) => {
    const row = first.get(ts.replace(/\.0+$/, ''));
    if (row === undefined) {
      throw new Error(`${key}: window boundary "${ts}" matches no row timestamp`);
    }
    return row;
  };
  return windows.map(([s, e]) => {
    const w = { start: find(s), end: find(e) };
    if (w.end < w.start) {
      throw new Error(`${key}: window [${s}, ${e}] ends before it starts`);
    }
    return w;
  });
}
