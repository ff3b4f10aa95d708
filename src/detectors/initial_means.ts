/**
 * The initial state of the Holt models (holt_winters.ts, holt_linear.ts) comes from two spans of history: the
 * level from the first span's mean and the trend from the difference of the two means (Hyndman & Athanasopoulos,
 * "Forecasting: Principles and Practice", §8.3, the classical initialisation).
 */

/** Means of the valid values of v[from..to) in [t[from], t[from] + span) and [t[from] + span, t[from] + 2·span). */
export interface SpanMeans {
  /** Mean of the first span (NaN when it holds no valid value). */
  first: number;
  /** Mean of the second span, or the first span's mean when the second holds no valid value. */
  second: number;
}

/**
 * Splits v[from..to) (times t, ms, ascending; NaN values skipped) into two spans of `span` ms from t[from] and
 * returns their means (SpanMeans). Values at or after t[from] + 2·span are ignored.
 */
export function spanMeans(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  from: number,
  to: number,
  span: number
): SpanMeans {
  let sum1 = 0;
  let n1 = 0;
  let sum2 = 0;
  let n2 = 0;
  for (let j = from; j < to; j++) {
    if (Number.isNaN(v[j])) {
      continue;
    }
    if (t[j] < t[from] + span) {
      sum1 += v[j];
      n1++;
    } else if (t[j] < t[from] + 2 * span) {
      sum2 += v[j];
      n2++;
    }
  }
  const first = sum1 / n1;
  return { first, second: n2 > 0 ? sum2 / n2 : first };
}
