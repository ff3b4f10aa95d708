import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { DataFile, readCsv } from './corpus';

/** Writes `<out>/<category>/<name>.csv`: `timestamp,value,anomaly_score`, one row per data row, in row order. */
export function writeOutput(out: string, file: DataFile, scores: ArrayLike<number>) {
  const path = join(out, file.key);
  mkdirSync(dirname(path), { recursive: true });
  const lines = ['timestamp,value,anomaly_score'];
  for (let i = 0; i < file.timestamps.length; i++) {
    lines.push(`${file.timestamps[i]},${file.rawValues[i]},${scores[i]}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Reads one output file back: its timestamps and anomaly scores, checked to be numbers in [0, 1]. */
export function readOutput(out: string, key: string): { timestamps: string[]; scores: Float64Array } {
  const { header, rows } = readCsv(join(out, key));
  const col = header.indexOf('anomaly_score');
  if (header[0] !== 'timestamp' || col < 0) {
    throw new Error(`${key}: header must be "timestamp,value,anomaly_score", got "${header.join(',')}"`);
  }
  const scores = Float64Array.from(rows, (r, i) => {
    const a = Number(r[col]);
    if (r[col] === undefined || r[col] === '' || !(a >= 0 && a <= 1)) {
      throw new Error(`${key}: row ${i + 2} has anomaly_score "${r[col]}", expected a number in [0, 1]`);
    }
    return a;
  });
  return { timestamps: rows.map((r) => r[0]), scores };
}
