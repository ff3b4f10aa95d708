import { DataFrame, Field, FieldType, QueryResultMetaNotice } from '@grafana/data';
import { parseDuration } from '../cli/duration';
import {
  checkForecast,
  DetectionResult,
  DetectorError,
  firstCrossing,
  Forecast,
  forecastSeries,
  forecastTimes,
  medianStep,
  PreparedDetector,
  reachesThreshold,
  Series,
} from '../detectors';
import { notice } from './notices';
import { ForecastOption } from './options';

/**
 * The transformation's forecast: the expected value and band of each analysed field continued past its last point
 * (the frame's last time), on the field's own step (the median gap of its times), for the horizon, or up to the end
 * of the panel's time range when the option sets none (a panel can show a range into the future). The forecast is
 * the detector's (src/detectors/forecast.ts), the same numbers as the data source's forecast output.
 */

/** What the forecast needs of an analysed field. */
export interface ForecastTarget {
  displayName: string;
  series: Series;
  result?: DetectionResult;
  forecast?: Forecast;
}

/**
 * Forecasts every target that has a result. Problems (a detector that cannot forecast, no horizon, a bad duration)
 * become one warning on the first frame and no forecast; nothing throws.
 */
export function forecastTargets(
  detector: PreparedDetector,
  targets: ForecastTarget[],
  option: ForecastOption,
  rangeEnd: number | undefined,
  notices: QueryResultMetaNotice[]
): void {
  try {
    checkForecast(detector.definition.id);
  } catch (e) {
    notices.push(notice('warning', `${(e as DetectorError).message}. Shown without a forecast.`));
    return;
  }
  let horizon: number | undefined;
  if (option.horizon.trim()) {
    try {
      horizon = parseDuration(option.horizon.trim());
    } catch (e) {
      notices.push(notice('warning', `forecast horizon: ${(e as Error).message}. Shown without a forecast.`));
      return;
    }
  }
  for (const target of targets) {
    if (!target.result) {
      continue;
    }
    const { t } = target.series;
    const last = t[t.length - 1];
    const span = horizon ?? (rangeEnd !== undefined ? rangeEnd - last : NaN);
    if (!(span > 0)) {
      if (horizon === undefined) {
        notices.push(
          notice(
            'warning',
            'set a forecast horizon (e.g. 1d), or let the panel’s time range reach past the last point ' +
              '(e.g. now-7d to now+1d). Shown without a forecast.'
          )
        );
        return;
      }
      continue;
    }
    try {
      target.forecast = forecastSeries(detector, target.series, forecastTimes(last, medianStep(t), span));
    } catch (e) {
      notices.push(notice('warning', `"${target.displayName}": ${(e as Error).message}. Shown without a forecast.`));
    }
  }
}

/** A field's time, values and result continued by its forecast (values and score have no value there). */
export function withForecast(
  timeField: Field,
  values: ArrayLike<number>,
  result: DetectionResult,
  f: Forecast
): { timeField: Field; values: Float64Array; result: DetectionResult } {
  const n = values.length;
  const m = f.t.length;
  const cat = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    const out = new Float64Array(n + m).fill(NaN);
    out.set(Array.from(a));
    out.set(Array.from(b), n);
    return out;
  };
  const none = new Float64Array(m).fill(NaN);
  const anomaly = new Uint8Array(n + m);
  anomaly.set(result.anomaly);
  return {
    timeField: { ...timeField, values: [...Array.from(timeField.values), ...Array.from(f.t)] },
    values: cat(values, none),
    result: {
      expected: cat(result.expected, f.expected),
      lower: cat(result.lower, f.lower),
      upper: cat(result.upper, f.upper),
      score: cat(result.score, none),
      anomaly,
      warmup: result.warmup,
    },
  };
}

/**
 * The threshold frames: per forecast field, one frame with two numbers, the seconds from the field's last point
 * until its forecast (label crossing="expected") and its band (crossing="band") first reach the threshold, 0 when
 * its last value has reached it already (the forecast starts one step later), +Inf when they do not within the forecast (unit s: a stat or table panel reads "18 hours"). No time field, so a time series
 * panel leaves them out. As the data source's threshold output, without its data-plane typing (transformations
 * never reach alert rules).
 */
export function thresholdFrames(
  targets: Array<ForecastTarget & { field: Field; baseName: string; refId?: string }>,
  option: ForecastOption
): DataFrame[] {
  const threshold = option.threshold;
  if (!threshold) {
    return [];
  }
  return targets
    .filter((t) => t.forecast)
    .map((t) => {
      const f = t.forecast!;
      const crossing = firstCrossing(f, threshold);
      const last = t.series.t[t.series.t.length - 1];
      const already = reachesThreshold(lastValue(t.series.v), threshold);
      const seconds = (at: number) => (already ? 0 : Number.isNaN(at) ? Infinity : (at - last) / 1000);
      const field = (kind: 'expected' | 'band', at: number): Field => ({
        name: 'seconds',
        type: FieldType.number,
        labels: { ...t.field.labels, crossing: kind },
        config: { unit: 's', displayNameFromDS: `${t.baseName} time to threshold (${kind})` },
        values: [seconds(at)],
      });
      return {
        refId: t.refId,
        name: `${t.baseName} time to threshold`,
        length: 1,
        fields: [field('expected', crossing.expected), field('band', crossing.band)],
      };
    });
}

/** The last value that is not NaN; NaN when there is none. */
function lastValue(v: ArrayLike<number>): number {
  for (let i = v.length - 1; i >= 0; i--) {
    if (!Number.isNaN(v[i])) {
      return v[i];
    }
  }
  return NaN;
}
