/**
 * @jest-environment node
 */
import * as fs from 'fs';
import * as path from 'path';
import { groupEvents, onsetScores } from './events';
import { emptyResult } from './result';
import { decode } from './testing/vectors';

interface EventsCase {
  name: string;
  labels: Record<string, string>;
  t: number[];
  v: Array<number | 'NaN'>;
  expected: Array<number | 'NaN'>;
  score: Array<number | 'NaN'>;
  anomaly: boolean[];
  onset: Array<number | 'NaN'>;
  events: Array<Record<string, unknown> & { expectedAtPeak: number | 'NaN' }>;
}

const cases: EventsCase[] = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../testdata/events.json'), 'utf8')
).cases;

describe('groupEvents and onsetScores (testdata/events.json, shared with Go)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const v = c.v.map(decode);
    const r = emptyResult(v.length, 0);
    r.expected.set(c.expected.map(decode));
    r.score.set(c.score.map(decode));
    r.anomaly.set(c.anomaly.map((a) => (a ? 1 : 0)));
    expect(Array.from(onsetScores({ t: c.t, v }, r))).toEqual(c.onset.map(decode));
    const events = groupEvents({ t: c.t, v }, r, c.labels);
    const want = c.events.map((e) => ({ ...e, expectedAtPeak: decode(e.expectedAtPeak) }));
    expect(events).toEqual(want);
  });
});
