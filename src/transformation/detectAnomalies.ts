import { DataFrame, Field, FieldType, getFieldDisplayName, QueryResultMetaNotice } from '@grafana/data';
import {
  DetectionResult,
  DetectorError,
  Forecast,
  prepareDetector,
  PreparedDetector,
  getDetector,
  RawParams,
  Series,
  withCommonOptions,
} from '../detectors';
import { OUTPUTS } from '../outputs/outputs';
import { buildOutputFields } from './outputFields';
import { forecastTargets, thresholdFrames, withForecast } from './forecastFields';
import { countMissing, findTimeField, detectorTimes, detectorValues } from './frameValues';
import { notice, withNotices } from './notices';
import { AnomalyTransformOptions, withDefaults } from './options';

/** One numeric field picked for detection, with its series in detector form. */
interface Target {
  frameIndex: number;
  /** The frame's time axis, shared by the frame of added fields. */
  timeField: Field;
  field: Field;
  displayName: string;
  /** Unique across the output, so the band's fillBelowTo cannot pick another series' lower field. */
  baseName: string;
  /** Position among the panel's series, as the time series panel counts them for classic-palette colours. */
  paletteIndex: number;
  series: Series;
  result?: DetectionResult;
  /** The forecast past the last point, when the forecast option is on (forecastFields.ts). */
  forecast?: Forecast;
}

/** What the transformation knows of the panel besides its frames. */
export interface TransformContext {
  /** The end of the panel's time range (Unix ms): the forecast reaches it when the option sets no horizon. */
  rangeEnd?: number;
}

/**
 * Runs the chosen detector on each selected numeric field of the frames and adds, after all input frames, frames
 * with each analysed field's expected, lower, upper, anomaly and score fields (in replace mode the analysed fields
 * leave their frames). Never throws: bad options, frames or values leave the data as it was with a notice on the
 * frame that says what to change.
 */
export function detectAnomalies(
  frames: DataFrame[],
  rawOptions?: Partial<AnomalyTransformOptions>,
  context: TransformContext = {}
): DataFrame[] {
  const options = withDefaults(rawOptions);
  const notices: QueryResultMetaNotice[][] = frames.map(() => []);
  try {
    let detector: PreparedDetector;
    try {
      detector = prepareDetector(options.detector, withCommonOptions(withTimeZone(options), options));
    } catch (e) {
      return frames.map((f) => withNotices(f, [notice('warning', `${message(e)}. The data is shown unchanged.`)]));
    }
    const targets = collectTargets(frames, options, notices);
    if (detector.definition.multivariate) {
      runGroup(detector, targets, notices);
    } else {
      for (const target of targets) {
        runOne(detector, target, notices);
      }
    }
    if (options.forecast.enabled && targets.length) {
      forecastTargets(detector, targets, options.forecast, context.rangeEnd, notices[targets[0].frameIndex]);
    }
    return assemble(frames, targets, options, notices);
  } catch (e) {
    // A bug must not blank the panel: show the data as it came, and say so.
    return frames.map((f) => withNotices(f, [notice('error', `failed (${message(e)}); the data is shown unchanged.`)]));
  }
}

/**
 * The detector's parameters with the option's time zone, for detectors that take a `timezone` parameter and when
 * the parameters set none (an unknown detector is reported by prepareDetector).
 */
function withTimeZone(o: AnomalyTransformOptions): RawParams {
  let takesZone = false;
  try {
    takesZone = getDetector(o.detector).params.some((p) => p.name === 'timezone');
  } catch {
    takesZone = false; // unknown detector: prepareDetector says so
  }
  if (!takesZone || !o.timezone || o.params.timezone !== undefined) {
    return o.params;
  }
  return { ...o.params, timezone: o.timezone };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function collectTargets(frames: DataFrame[], o: AnomalyTransformOptions, notices: QueryResultMetaNotice[][]): Target[] {
  const wanted = new Set(o.fields);
  const usedNames = new Set<string>();
  const found = new Set<string>();
  const targets: Target[] = [];
  const paletteIndex = paletteIndexes(frames);
  frames.forEach((frame, frameIndex) => {
    const numeric = frame.fields.filter((f) => f.type === FieldType.number);
    if (!numeric.length) {
      notices[frameIndex].push(notice('info', 'this frame has no numeric field to analyse.'));
      return;
    }
    if (!frame.length) {
      notices[frameIndex].push(notice('info', 'this frame has no points to analyse.'));
      return;
    }
    const timeField = findTimeField(frame);
    if (!timeField) {
      notices[frameIndex].push(notice('warning', 'this frame has no time field; detectors need points in time.'));
      return;
    }
    const t = detectorTimes(timeField);
    for (const field of numeric) {
      const displayName = getFieldDisplayName(field, frame, frames);
      if (wanted.size && !wanted.has(displayName)) {
        continue;
      }
      found.add(displayName);
      targets.push({
        frameIndex,
        timeField,
        field,
        displayName,
        baseName: unique(displayName, usedNames),
        paletteIndex: paletteIndex.get(field) ?? 0,
        series: { t, v: detectorValues(field) },
      });
    }
  });
  const missing = o.fields.filter((name) => !found.has(name));
  if (missing.length && frames.length) {
    notices[0].push(
      notice('warning', `no numeric field named ${missing.map((m) => `"${m}"`).join(', ')}; pick fields from the list.`)
    );
  }
  return targets;
}

/**
 * The classic-palette position of every series field, counted as Grafana's time series panel counts them
 * (setClassicPaletteIdxs in public/app/plugins/panel/timeseries/utils.ts): over the frames it can draw (a time field
 * and a number field), every number, boolean or enum field except each frame's first field, in order.
 */
function paletteIndexes(frames: DataFrame[]): Map<Field, number> {
  const out = new Map<Field, number>();
  let next = 0;
  for (const frame of frames) {
    const drawable =
      frame.fields.some((f) => f.type === FieldType.time) && frame.fields.some((f) => f.type === FieldType.number);
    if (!drawable) {
      continue;
    }
    frame.fields.forEach((f, i) => {
      if (i > 0 && (f.type === FieldType.number || f.type === FieldType.boolean || f.type === FieldType.enum)) {
        out.set(f, next++);
      }
    });
  }
  return out;
}

function unique(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) {
    candidate = `${name} (${n})`;
  }
  used.add(candidate);
  return candidate;
}

function runOne(detector: PreparedDetector, target: Target, notices: QueryResultMetaNotice[][]) {
  try {
    target.result = detector.runOne(target.series);
    noteGaps(detector.definition.id, target, notices[target.frameIndex]);
  } catch (e) {
    notices[target.frameIndex].push(
      notice('warning', `"${target.displayName}": ${message(e)}. Shown without detection.`)
    );
  }
}

function runGroup(detector: PreparedDetector, targets: Target[], notices: QueryResultMetaNotice[][]) {
  if (!targets.length) {
    return;
  }
  try {
    const results = detector.run(targets.map((t) => t.series));
    targets.forEach((t, i) => {
      t.result = results[i];
      noteMissing(t, notices[t.frameIndex]);
    });
    noteGroupWarmup(detector, targets, notices[targets[0].frameIndex]);
  } catch (e) {
    const hint =
      e instanceof DetectorError && e.code === 'too_few_series' ? ' Add series or pick another detector.' : '';
    for (const frameIndex of new Set(targets.map((t) => t.frameIndex))) {
      notices[frameIndex].push(notice('warning', `${message(e)}.${hint} Shown without detection.`));
    }
  }
}

/**
 * A multivariate detector scores rows, the timestamps at which the fields have values together, not each field's
 * own points: when the group has no band yet, the notice counts those rows (and each field's values, so the sparse
 * field can be found), not per-field points that may each look long enough.
 */
function noteGroupWarmup(detector: PreparedDetector, targets: Target[], out: QueryResultMetaNotice[]) {
  if (
    targets.some((t) => hasOutput(t.result!)) ||
    targets.every((t) => countMissing(t.series.v) === t.series.v.length)
  ) {
    return;
  }
  const valuesAt = new Map<number, number>();
  for (const { series } of targets) {
    for (let i = 0; i < series.t.length; i++) {
      if (!Number.isNaN(series.v[i])) {
        valuesAt.set(series.t[i], (valuesAt.get(series.t[i]) ?? 0) + 1);
      }
    }
  }
  let together = 0;
  valuesAt.forEach((n) => (together += n === targets.length ? 1 : 0));
  const rows = new Set(targets.flatMap((t) => Array.from(t.series.t))).size;
  const perField = targets.map((t) => `"${t.displayName}" ${t.series.v.length - countMissing(t.series.v)}`).join(', ');
  const warmup = Math.max(...targets.map((t) => t.result!.warmup));
  out.push(
    notice(
      'info',
      `${detector.definition.id} scores the ${targets.length} fields together and needs ${warmup} rows where they have ` +
        `values at the same time before its first band; they have values together in ${together} of ${rows} rows ` +
        `(values per field: ${perField}). Widen the time range, shorten the detector's window, or pick fields that ` +
        `have values at the same times.`
    )
  );
}

/** Missing values and a warm-up longer than the series are not errors, but a user should know why a band is absent. */
function noteGaps(detector: string, target: Target, out: QueryResultMetaNotice[]) {
  const valid = noteMissing(target, out);
  const r = target.result!;
  if (valid > 0 && !hasOutput(r)) {
    out.push(
      notice(
        'info',
        `"${target.displayName}": ${detector} needs ${r.warmup} valid points before its first band and this series has ${valid}; widen the time range or shorten the detector's window.`
      )
    );
  }
}

/** Says how many of the field's points are missing, if any; returns the number of valid points. */
function noteMissing(target: Target, out: QueryResultMetaNotice[]): number {
  const { v } = target.series;
  const missing = countMissing(v);
  if (missing > 0) {
    out.push(
      notice(
        'info',
        `"${target.displayName}": ${missing} of ${v.length} points are missing (null or NaN); they are skipped.`
      )
    );
  }
  return v.length - missing;
}

function hasOutput(r: DetectionResult): boolean {
  for (let i = 0; i < r.score.length; i++) {
    if (!Number.isNaN(r.score[i]) || !Number.isNaN(r.expected[i])) {
      return true;
    }
  }
  return false;
}

/**
 * The output: the input frames first, as they came (in replace mode without their analysed fields; a frame left with
 * nothing but time is dropped and its notices move to its first added frame), then per analysed field a frame with
 * its expected value, band and score, then per analysed field a frame with its anomaly markers (the frames of the
 * shared description, src/outputs), each on the field's time axis. Grafana numbers a panel's series in frame and
 * field order for the classic palette and draws them in that order: with every added field after every original,
 * each original series keeps the position, and the colour, it has without the transformation, the added fields take
 * their series' colour, and the markers are drawn over every band (docs/output-frames.md). A field with a forecast
 * gets added frames with times that run on past its last point; the threshold frames come last.
 */
function assemble(
  frames: DataFrame[],
  targets: Target[],
  o: AnomalyTransformOptions,
  notices: QueryResultMetaNotice[][]
): DataFrame[] {
  const done = targets.filter((t) => t.result);
  // Replace only when something is added: with every output switched off the analysed fields stay.
  const adds = Object.values(o.outputs).some(Boolean);
  const replaced = new Set(o.mode === 'replace' && adds ? done.map((t) => t.field) : []);
  const pending = new Map<number, QueryResultMetaNotice[]>();
  const out: DataFrame[] = [];
  frames.forEach((frame, i) => {
    const fields = frame.fields.filter((f) => !replaced.has(f));
    if (fields.length === frame.fields.length) {
      out.push(withNotices(frame, notices[i]));
    } else if (fields.some((f) => f.type !== FieldType.time)) {
      out.push(withNotices({ ...frame, fields }, notices[i]));
    } else {
      // The frame goes; its own notices (from the data source) and ours move to its first added frame.
      pending.set(i, [...(frame.meta?.notices ?? []), ...notices[i]]);
    }
  });
  const extended = new Map(
    done.map((t) => [t, t.forecast && withForecast(t.timeField, t.series.v, t.result!, t.forecast)])
  );
  for (const spec of OUTPUTS.frames) {
    for (const t of done) {
      const frame = frames[t.frameIndex];
      const ext = extended.get(t);
      const added = buildOutputFields(
        t.field,
        ext?.values ?? t.series.v,
        t.baseName,
        ext?.result ?? t.result!,
        o.outputs,
        t.paletteIndex,
        spec.fields
      );
      if (!added.length) {
        continue;
      }
      const outputFrame: DataFrame = {
        refId: frame.refId,
        name: t.baseName,
        length: ext ? ext.values.length : frame.length,
        fields: [ext?.timeField ?? t.timeField, ...added],
      };
      out.push(withNotices(outputFrame, pending.get(t.frameIndex) ?? []));
      pending.delete(t.frameIndex);
    }
  }
  out.push(
    ...thresholdFrames(
      done.map((t) => ({ ...t, refId: frames[t.frameIndex].refId })),
      o.forecast
    )
  );
  return out;
}
