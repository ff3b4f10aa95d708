/**
 * fast-check properties for the transformation's operator (detectAnomalies) on random frames: any number of
 * frames and fields; time, number, string, boolean and other fields; nulls, NaN, ±Infinity, huge numbers,
 * strings, Dates and undefined in any field; unordered and duplicate times; wide frames (one time field, many
 * number fields), one frame per series, frames without a time field or without points, and fields shorter or
 * longer than the frame; random options (any detector id, broken parameters, unknown field names, any outputs,
 * append or replace). Every run checks that the operator:
 *
 * - never throws, and returns one frame per input frame;
 * - leaves its input untouched and passes the original data through: every original field is in the output,
 *   the same object, in the same order (in replace mode an analysed number field may be left out);
 * - adds only number fields as long as the time field they were computed against, scores in [0, 100], anomaly
 *   markers equal to the source value;
 * - keeps the frame's notices and adds its own ("Anomaly detection: …", info or warning) instead of breaking; its
 *   catch-all "failed" error notice (a bug) never appears.
 *
 * Fixed seed in the test command; `npm run fuzz` runs it for minutes (see src/detectors/testing/fastCheck.ts).
 */
import { DataFrame, Field, FieldType, QueryResultMetaNotice } from '@grafana/data';
import fc from 'fast-check';
import { DETECTORS } from '../detectors';
import { paramsArb, timesArb, valueArb } from '../detectors/testing/arbitraries';
import { checkProperty, propertyTimeoutMs } from '../detectors/testing/fastCheck';
import { detectAnomalies } from './detectAnomalies';
import { AnomalyTransformOptions } from './options';

const MAX_POINTS = 120;

/** Anything a data source may put in a field: numbers of any kind, null, undefined, strings, booleans, Dates. */
const anyCell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: valueArb() },
  { weight: 2, arbitrary: fc.constantFrom(null, undefined) },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('NaN', '1.5', '2024-01-01T00:00:00Z')),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }) }
);

/** Numbers mostly (a Prometheus series), with the odd null or stray non-number. */
const numberCell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: valueArb() },
  { weight: 1, arbitrary: anyCell }
);

/** Times mostly in Unix ms (ascending or not), sometimes Dates, ISO strings, numeric strings or junk. */
function timeValues(t: number[]): fc.Arbitrary<unknown[]> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(t) },
    { weight: 1, arbitrary: fc.constant(t.map((x) => new Date(x))) },
    { weight: 1, arbitrary: fc.constant(t.map((x) => new Date(x).toISOString?.call(new Date(x)) ?? String(x))) },
    { weight: 1, arbitrary: fc.shuffledSubarray(t, { minLength: t.length, maxLength: t.length }) },
    { weight: 1, arbitrary: fc.array(anyCell, { minLength: t.length, maxLength: t.length }) }
  );
}

const labelsArb = fc.option(
  fc.dictionary(fc.constantFrom('__name__', 'job', 'instance', 'pod'), fc.string({ maxLength: 6 })),
  {
    nil: undefined,
  }
);
const nameArb = fc.constantFrom('Value', 'Time', 'value', 'rps', '', 'Value expected');

function field(name: string, type: FieldType, values: unknown[], labels?: Record<string, string>): Field {
  return { name, type, config: {}, values, ...(labels && { labels }) };
}

/** A number field over n points; sometimes one point short or long (a broken data source). */
function numberField(n: number): fc.Arbitrary<Field> {
  const length = fc.oneof(
    { weight: 12, arbitrary: fc.constant(n) },
    { weight: 1, arbitrary: fc.constantFrom(Math.max(0, n - 1), n + 1) }
  );
  return fc
    .tuple(
      nameArb,
      labelsArb,
      length.chain((len) => fc.array(numberCell, { minLength: len, maxLength: len }))
    )
    .map(([name, labels, values]) => field(name, FieldType.number, values, labels));
}

/** A field of another type (string, boolean, other) over n points. */
function otherField(n: number): fc.Arbitrary<Field> {
  return fc
    .tuple(
      nameArb,
      fc.constantFrom(FieldType.string, FieldType.boolean, FieldType.other, FieldType.time),
      fc.array(anyCell, { minLength: n, maxLength: n })
    )
    .map(([name, type, values]) => field(name, type, values));
}

type Shape = 'series' | 'wide' | 'mixed' | 'no time' | 'empty';

/** One frame: one-per-series (time + value), wide (time + many values), mixed fields, no time field, or empty. */
const frameArb: fc.Arbitrary<DataFrame> = fc
  .tuple(
    fc.constantFrom<Shape>('series', 'series', 'wide', 'mixed', 'no time', 'empty'),
    timesArb.map((t) => t.slice(0, MAX_POINTS)),
    fc.option(
      fc.array(fc.record({ severity: fc.constantFrom('info', 'warning', 'error' as const), text: fc.string() }), {
        maxLength: 2,
      }),
      { nil: undefined }
    )
  )
  .chain(([shape, t, notices]) => {
    const n = shape === 'empty' ? 0 : t.length;
    const time = timeValues(t.slice(0, n)).map((values) => field('Time', FieldType.time, values));
    const fields: fc.Arbitrary<Field[]> =
      shape === 'series' || shape === 'empty'
        ? fc.tuple(time, numberField(n))
        : shape === 'wide'
          ? fc.tuple(time, fc.array(numberField(n), { minLength: 2, maxLength: 6 })).map(([tf, rest]) => [tf, ...rest])
          : shape === 'mixed'
            ? fc
                .tuple(time, fc.array(fc.oneof(numberField(n), otherField(n)), { maxLength: 5 }))
                .chain(([tf, rest]) =>
                  fc.shuffledSubarray([tf, ...rest], { minLength: rest.length + 1, maxLength: rest.length + 1 })
                )
            : fc.array(
                fc.oneof(
                  numberField(n),
                  otherField(n).filter((f) => f.type !== FieldType.time)
                ),
                { maxLength: 4 }
              );
    return fields.map<DataFrame>((fs) => ({
      refId: 'A',
      name: 'frame',
      length: n,
      fields: fs,
      ...(notices && { meta: { notices } }),
    }));
  });

const detectorIds = [...DETECTORS.map((d) => d.id), 'prophet', ''];

/** Options as a saved panel may hold them: any detector id, parameters drawn from its specs (some broken), … */
const optionsArb: fc.Arbitrary<Partial<AnomalyTransformOptions> | undefined> = fc.option(
  fc.constantFrom(...detectorIds).chain((detector) => {
    const specs = DETECTORS.find((d) => d.id === detector)?.params ?? DETECTORS[2].params;
    const common = ['sensitivity', 'direction', 'minConsecutive'];
    // Valid parameters three times in four, so detection runs often; any (some broken) otherwise.
    const drawn = fc.oneof(
      { weight: 3, arbitrary: paramsArb(specs).filter((p) => !p.broken) },
      { weight: 1, arbitrary: paramsArb(specs) }
    );
    return fc
      .record(
        {
          detector: fc.constant(detector),
          drawn,
          fields: fc.array(fc.constantFrom('Value', 'rps', 'missing', 'frame Value'), { maxLength: 2 }),
          outputs: fc.record({
            expected: fc.boolean(),
            band: fc.boolean(),
            score: fc.boolean(),
            anomaly: fc.boolean(),
          }),
          mode: fc.constantFrom('append', 'replace' as const),
        },
        { requiredKeys: ['detector', 'drawn'] }
      )
      .map(({ drawn: { raw }, ...rest }) => {
        const params = Object.fromEntries(Object.entries(raw).filter(([k]) => !common.includes(k)));
        return {
          ...rest,
          params,
          ...(raw.sensitivity != null && { sensitivity: raw.sensitivity as number }),
          ...(raw.direction != null && { direction: raw.direction as 'both' }),
          ...(raw.minConsecutive != null && { minConsecutive: raw.minConsecutive as number }),
        };
      });
  }),
  { nil: undefined, freq: 10 }
);

/** A deep snapshot of what the operator must not change: field lists, values, meta. */
function snapshot(frames: DataFrame[]) {
  return frames.map((f) => ({
    fields: [...f.fields],
    values: f.fields.map((x) => [...x.values]),
    meta: f.meta,
    notices: [...(f.meta?.notices ?? [])],
  }));
}

function sameSnapshot(a: ReturnType<typeof snapshot>, b: ReturnType<typeof snapshot>): boolean {
  return a.every(
    (f, i) =>
      f.meta === b[i].meta &&
      f.fields.length === b[i].fields.length &&
      f.fields.every((x, j) => x === b[i].fields[j]) &&
      f.values.every(
        (vs, j) => vs.length === b[i].values[j].length && vs.every((v, k) => Object.is(v, b[i].values[j][k]))
      ) &&
      f.notices.length === b[i].notices.length
  );
}

function operatorProperty(frames: DataFrame[], options: Partial<AnomalyTransformOptions> | undefined): void {
  const before = snapshot(frames);
  const out = detectAnomalies(frames, options);
  if (!sameSnapshot(before, snapshot(frames))) {
    throw new Error('the input frames were changed');
  }
  const replace = options?.mode === 'replace';
  // Layout (docs/output-frames.md): the input frames first, in order (replace mode may drop analysed number fields,
  // and a frame left with only time), then the added frames. An output frame is an original when every field it
  // has is one of its input frame's fields; an added frame has its input's time field and new number fields.
  const isNew = (o: DataFrame) => o.fields.some((f) => !frames.some((src) => src.fields.includes(f)));
  const firstAdded = out.findIndex(isNew);
  const originals = firstAdded < 0 ? out : out.slice(0, firstAdded);
  const added = firstAdded < 0 ? [] : out.slice(firstAdded);
  if (added.some((o) => !isNew(o))) {
    throw new Error('an original frame placed after an added frame');
  }
  // Match originals to inputs in order: each to the next input frame whose fields it keeps.
  let previous = -1;
  const seen = new Set<number>();
  originals.forEach((o, k) => {
    // A frame with no fields keeps none of anyone's: it matches only an input without fields (seed 800307094).
    const keeps = (src: DataFrame) =>
      o.fields.length === 0 ? src.fields.length === 0 : o.fields.every((f) => src.fields.includes(f));
    const i = frames.findIndex((src, j) => j > previous && keeps(src));
    if (i < 0) {
      throw new Error(`original frame ${k}: no input frame after ${previous} has its fields (reordered?)`);
    }
    previous = i;
    seen.add(i);
    const src = frames[i];
    const kept = o.fields;
    if (!kept.every((f, j) => j === 0 || src.fields.indexOf(f) > src.fields.indexOf(kept[j - 1]))) {
      throw new Error(`frame ${i}: original fields reordered`);
    }
    const dropped = src.fields.filter((f) => !kept.includes(f));
    if (dropped.length && !(replace && dropped.every((f) => f.type === FieldType.number))) {
      throw new Error(`frame ${i}: original fields ${dropped.map((f) => f.name)} lost`);
    }
    checkNotices(`frame ${i}`, src.meta?.notices ?? [], o.meta?.notices ?? []);
  });
  frames.forEach((src, i) => {
    if (seen.has(i)) {
      return;
    }
    const rest = src.fields.filter((f) => f.type !== FieldType.time);
    if (!replace || !rest.every((f) => f.type === FieldType.number)) {
      throw new Error(`frame ${i} lost`);
    }
    // Its own notices moved to its first added frame.
    const time = src.fields.find((f) => f.type === FieldType.time);
    const first = added.find((o) => o.fields[0] === time);
    if (!first) {
      throw new Error(`frame ${i} dropped without an added frame`);
    }
    checkNotices(`frame ${i} (moved)`, src.meta?.notices ?? [], first.meta?.notices ?? []);
  });
  added.forEach((o, k) => {
    const i = frames.findIndex((src) => src.fields.includes(o.fields[0]));
    const time = o.fields[0];
    if (i < 0 || time.type !== FieldType.time) {
      throw new Error(`added frame ${k}: does not start with an input frame's time field`);
    }
    if (o.refId !== frames[i].refId) {
      throw new Error(`added frame ${k}: refId ${o.refId}, its input has ${frames[i].refId}`);
    }
    for (const f of o.fields.slice(1)) {
      if (frames.some((src) => src.fields.includes(f))) {
        throw new Error(`added frame ${k}: original field ${f.name} repeated`);
      }
      if (f.type !== FieldType.number || f.values.length !== time.values.length) {
        throw new Error(
          `added frame ${k}: field ${f.name} (${f.type}) has ${f.values.length} values, time has ${time.values.length}`
        );
      }
      if (f.name === 'score' && !Array.from(f.values).every((x) => x == null || (x >= 0 && x <= 100))) {
        throw new Error(`added frame ${k}: a score outside [0, 100]`);
      }
    }
    // Markers: the source value where anomalous, nothing elsewhere (checked where the input frame has one number
    // field, so the source is unambiguous).
    const sources = frames[i].fields.filter((f) => f.type === FieldType.number);
    const markers = o.fields.filter((f) => f.name === 'anomaly');
    if (sources.length === 1 && markers.length === 1) {
      Array.from(markers[0].values).forEach((x, j) => {
        if (x != null && !Object.is(x, sources[0].values[j])) {
          throw new Error(
            `added frame ${k}: anomaly marker ${x} at ${j} is not the source value ${sources[0].values[j]}`
          );
        }
      });
    }
    const had = seen.has(i) ? [] : (frames[i].meta?.notices ?? []);
    for (const n of (o.meta?.notices ?? []).filter((n) => !had.includes(n))) {
      ourNotice(`added frame ${k}`, n);
    }
  });
}

/** The frame's own notices first, unchanged, then only ours (never the catch-all error for a bug). */
function checkNotices(where: string, had: QueryResultMetaNotice[], has: QueryResultMetaNotice[]): void {
  if (has.length < had.length || had.some((n, j) => has[j] !== n)) {
    throw new Error(`${where}: the frame's own notices were lost`);
  }
  has.slice(had.length).forEach((n) => ourNotice(where, n));
}

function ourNotice(where: string, n: QueryResultMetaNotice): void {
  if (!n.text.startsWith('Anomaly detection: ') || (n.severity !== 'info' && n.severity !== 'warning')) {
    throw new Error(`${where}: notice ${n.severity} "${n.text}"`);
  }
}

it(
  'the operator never throws, passes the data through and explains itself with notices, on random frames and options',
  () => {
    checkProperty(
      'transformation operator',
      fc.property(fc.array(frameArb, { maxLength: 5 }), optionsArb, operatorProperty),
      {
        numRuns: 300,
      }
    );
  },
  propertyTimeoutMs()
);
