import * as fs from 'fs';
import * as path from 'path';
import { DataFrame, FieldType, standardTransformersRegistry, transformDataFrame } from '@grafana/data';
import { firstValueFrom } from 'rxjs';
import { OUTPUTS } from '../outputs/outputs';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import { AnomalyTransformOptions } from './options';
import { registerAnomalyTransformation } from './registerCodeSplit';
import { coreItems, promSeriesFrame } from './testing/promFrames';

/**
 * The golden frames shared with the Go backend (pkg/frames/golden_test.go): the transformation and the band frames
 * build the added fields of the same cases from the same output description and must equal the same files in
 * testdata/frames, so a drift between the two paths fails a test in each language.
 * UPDATE_GOLDEN=1 rewrites the files from the transformation; otherwise they are only read.
 */
standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
registerAnomalyTransformation();

const DIR = path.resolve(__dirname, '../../testdata/frames');
/** The same text the Go writer puts in, so either writer leaves the file as the other would. */
const NOTE =
  'Written only by `go test ./pkg/frames -update` or `UPDATE_GOLDEN=1 npx jest src/transformation/goldenFrames` ' +
  'from cases.json; compared by both. The frames that hold added fields, in output order: name, times, and the added ' +
  'fields (name, labels, field config, values; null = no value).';

interface GoldenCase {
  name: string;
  options: Partial<AnomalyTransformOptions>;
  series: Array<{ legend: string; labels: Record<string, string>; t: number[]; v: Array<number | null> }>;
}
interface GoldenField {
  name: string;
  labels: Record<string, string>;
  config: Record<string, unknown>;
  values: Array<number | null>;
}
interface GoldenFile {
  note: string;
  frames: Array<{ name: string; time: number[]; fields: GoldenField[] }>;
}

const OUTPUT_NAMES = new Set(OUTPUTS.fields.map((f) => f.name));

/** The frames that hold added fields (named in the description), in order; as the Go test reduces its frames. */
function canonical(frames: DataFrame[]): GoldenFile {
  const out: GoldenFile['frames'] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const fields = frame.fields
      .filter((f) => OUTPUT_NAMES.has(f.name))
      .map((f) => ({
        name: f.name,
        labels: sortedKeys(f.labels ?? {}),
        config: sortedKeys(JSON.parse(JSON.stringify(f.config))),
        values: Array.from(f.values, (x) => (x == null ? null : (x as number))),
      }));
    if (fields.length) {
      out.push({ name: frame.name ?? '', time: Array.from(time?.values ?? [], Number), fields });
    }
  }
  return { note: NOTE, frames: out };
}

/** Object keys sorted at every level, as Go writes maps (config, labels). */
function sortedKeys(v: unknown): any {
  if (Array.isArray(v)) {
    return v.map(sortedKeys);
  }
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])])
    );
  }
  return v;
}

/** Names, labels, config and times exactly; values to 1e-9 (absolute or relative); null only where null. */
function expectGolden(got: GoldenFile, want: GoldenFile) {
  expect(got.frames.length).toBe(want.frames.length);
  got.frames.forEach((g, i) => {
    const w = want.frames[i];
    expect(g.name).toBe(w.name);
    expect(g.time).toEqual(w.time);
    expect(g.fields.map((f) => [f.name, f.labels, f.config])).toEqual(
      w.fields.map((f) => [f.name, f.labels, f.config])
    );
    g.fields.forEach((gf, j) => {
      const wv = w.fields[j].values;
      const bad = wv.findIndex((x, k) => {
        const y = gf.values[k];
        return x === null || y === null ? x !== y : Math.abs(y - x) > 1e-9 * Math.max(1, Math.abs(x));
      });
      expect({
        frame: i,
        field: gf.name,
        index: bad,
        got: gf.values[bad],
        want: wv[bad],
        length: gf.values.length,
      }).toEqual({
        frame: i,
        field: gf.name,
        index: -1,
        got: undefined,
        want: undefined,
        length: wv.length,
      });
    });
  });
}

const cases: GoldenCase[] = JSON.parse(fs.readFileSync(path.join(DIR, 'cases.json'), 'utf8')).cases;

describe('golden frames shared with the Go band frames (testdata/frames)', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const frames = c.series.map((s) => promSeriesFrame(s.t, s.v, s.labels, { legend: s.legend }));
    const out = await firstValueFrom(
      transformDataFrame([{ id: ANOMALY_TRANSFORMATION_ID, options: c.options }], frames)
    );
    const got = canonical(out);
    const file = path.join(DIR, `${name}.json`);
    if (process.env.UPDATE_GOLDEN) {
      // Go's MarshalIndent layout: one space per level, struct fields in order, map keys sorted.
      fs.writeFileSync(file, JSON.stringify(got, null, 1) + '\n');
    }
    expectGolden(got, JSON.parse(fs.readFileSync(file, 'utf8')));
  });
});
