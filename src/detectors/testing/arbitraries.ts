/**
 * fast-check arbitraries shared by the property tests of the detectors and of the transformation: values with
 * NaN, ±Infinity, huge and tiny numbers; timestamps with gaps, duplicates, steps back and any start; groups of
 * series; parameters drawn from the registry's specs, some broken.
 */
import fc from 'fast-check';
import { ParamSpec } from '../params';
import { ParamValue, RawParams, Series } from '../types';

const MAX_POINTS = 300;

/**
 * Values: ordinary mostly, then NaN, ±Infinity, huge (around the detectors' MAX_MAGNITUDE of 1e150 and up to
 * ±Number.MAX_VALUE), tiny, zeros and any double at all.
 */
export function valueArb(): fc.Arbitrary<number> {
  const huge = [1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, 1e154, 1e150, -1e150, 1.0000000000000001e150];
  return fc.oneof(
    { weight: 24, arbitrary: fc.double({ min: -1000, max: 1000, noNaN: true }) },
    { weight: 3, arbitrary: fc.constant(NaN) },
    { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity) },
    { weight: 1, arbitrary: fc.constantFrom(...huge) },
    { weight: 1, arbitrary: fc.constantFrom(Number.MIN_VALUE, -Number.MIN_VALUE, 1e-300, 0, -0) },
    {
      weight: 1,
      arbitrary: fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity)),
    }
  );
}

type TimeStep = 'next' | 'gap' | 'same' | 'back';
const stepArb = fc.oneof(
  { weight: 40, arbitrary: fc.constant<TimeStep>('next') },
  { weight: 2, arbitrary: fc.constant<TimeStep>('gap') },
  { weight: 1, arbitrary: fc.constantFrom<TimeStep>('same', 'back') }
);

/** Timestamps in Unix ms: one step, with gaps, and rarely a duplicate or a step back; any start. */
export const timesArb: fc.Arbitrary<number[]> = fc
  .record({
    start: fc.oneof(
      { weight: 8, arbitrary: fc.constant(1_700_000_000_000) },
      { weight: 1, arbitrary: fc.integer({ min: -(2 ** 52), max: 2 ** 52 }) }
    ),
    step: fc.constantFrom(60_000, 1000, 15_000, 300_000, 1, 86_400_000),
    // Lengths uniform up to MAX_POINTS (fast-check's default size keeps arrays to a handful of items, too short
    // for most windows to warm up), with short ones as often.
    steps: fc
      .oneof(fc.nat({ max: MAX_POINTS }), fc.nat({ max: 12 }))
      .chain((n) => fc.array(stepArb, { minLength: n, maxLength: n })),
  })
  .map(({ start, step, steps }) => {
    let now = start;
    return steps.map((s) => {
      now += s === 'next' ? step : s === 'gap' ? 5 * step : s === 'back' ? -step : 0;
      return now;
    });
  });

const seriesArb = (t: number[]): fc.Arbitrary<Series> =>
  fc.array(valueArb(), { minLength: t.length, maxLength: t.length }).map((v) => ({ t, v }));

/** One series, or for multivariate detectors 0 to 7 series on shared times or on times of their own. */
export function groupArb(multivariate: boolean): fc.Arbitrary<Series[]> {
  if (!multivariate) {
    return timesArb.chain((t) => seriesArb(t)).map((s) => [s]);
  }
  const shared = timesArb.chain((t) => fc.array(seriesArb(t), { maxLength: 7 }));
  const own = fc.array(
    timesArb.chain((t) => seriesArb(t)),
    { maxLength: 7 }
  );
  return fc.oneof({ weight: 3, arbitrary: shared }, { weight: 1, arbitrary: own });
}

export interface DrawnParams {
  raw: RawParams;
  /** A parameter was drawn outside its spec, so invalid_param is due. */
  broken: boolean;
}

type Drawn = { absent: true; broken: false } | { absent: false; value: ParamValue | null; broken: boolean };

/** Valid values of a string (time zone) parameter: with and without daylight saving changes, and an offset that is
 * not a whole hour. */
const TIME_ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];

function validArb(s: ParamSpec): fc.Arbitrary<ParamValue> {
  switch (s.type) {
    case 'bool':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...s.options!);
    case 'string': // the only string parameter is a time zone name
      return fc.constantFrom(...TIME_ZONES);
    case 'int':
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: s.min!, max: Math.min(s.max!, s.min! + 40) }) },
        { weight: 2, arbitrary: fc.integer({ min: s.min!, max: Math.min(s.max!, s.min! + 1023) }) },
        { weight: 1, arbitrary: fc.constantFrom(s.min!, s.max!) }
      );
    case 'float':
      return fc.oneof(
        { weight: 6, arbitrary: fc.double({ min: s.min!, max: Math.min(s.max!, s.min! + 100), noNaN: true }) },
        { weight: 1, arbitrary: fc.constantFrom(s.min!, s.max!) }
      );
  }
}

function brokenArb(s: ParamSpec): fc.Arbitrary<ParamValue> {
  switch (s.type) {
    case 'bool':
      return fc.constantFrom<ParamValue>('true', 1, 'yes');
    case 'enum':
      return fc.constantFrom<ParamValue>('sideways', 1, true, '');
    case 'string':
      return fc.constantFrom<ParamValue>('Mars/Olympus', 1, '', 'Local');
  }
  const below = s.min! === 0 ? -Number.MIN_VALUE : s.min! - Math.abs(s.min!) * Number.EPSILON;
  const options: ParamValue[] = [below, s.min! - 1, s.max! + 1, NaN, Infinity, -Infinity, '3', true];
  if (s.type === 'int' && s.max! - s.min! >= 1) {
    options.push(s.min! + 0.5); // not whole
  }
  return fc.oneof(
    fc.constantFrom(...options),
    fc.integer({ min: 1, max: 1e6 }).map((k) => s.max! + k)
  );
}

function drawnArb(s: ParamSpec): fc.Arbitrary<Drawn> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<Drawn>({ absent: true, broken: false }) },
    { weight: 1, arbitrary: fc.constant<Drawn>({ absent: false, value: null, broken: false }) },
    { weight: 14, arbitrary: validArb(s).map<Drawn>((value) => ({ absent: false, value, broken: false })) },
    { weight: 2, arbitrary: brokenArb(s).map<Drawn>((value) => ({ absent: false, value, broken: true })) }
  );
}

/** Parameters from the registry's specs, each absent, null, valid or broken; sometimes an unknown name. */
export function paramsArb(specs: readonly ParamSpec[]): fc.Arbitrary<DrawnParams> {
  return fc
    .tuple(fc.tuple(...specs.map(drawnArb)), fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, fc.constant(true)))
    .map(([drawn, unknown]) => {
      const raw: RawParams = {};
      let broken = unknown;
      drawn.forEach((d, i) => {
        if (!d.absent) {
          raw[specs[i].name] = d.value;
          broken ||= d.broken;
        }
      });
      if (unknown) {
        raw.notAParameter = 1;
      }
      return { raw, broken };
    });
}
