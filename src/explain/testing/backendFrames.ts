import * as fs from 'fs';
import * as path from 'path';
import { DataFrame, dataFrameFromJSON, DataFrameJSON } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** testdata/explain/backend-frames.json: the explain queries' answers from the real backend path (written by
 * pkg/plugin/explain_frames_test.go against a real Prometheus). */
export interface BackendAnswers {
  from: number;
  to: number;
  answers: Array<{ query: DataQuery & Record<string, unknown>; frames: DataFrame[] }>;
}

export function loadBackendFrames(): BackendAnswers {
  const file = path.resolve(__dirname, '../../../testdata/explain/backend-frames.json');
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  return {
    from: raw.from,
    to: raw.to,
    answers: raw.answers.map((a: { query: DataQuery & Record<string, unknown>; frames: DataFrameJSON[] }) => ({
      query: a.query,
      frames: a.frames.map((f) => ({ ...dataFrameFromJSON(f), refId: a.query.refId })),
    })),
  };
}
