import { Resolution } from './resolution';
import { StepEstimate } from './step';
import { Series } from './types';
import { CLIP_SPREADS } from './zscore';
import { spanMeans } from './initial_means';
import { ResidualSpread } from './residual_spread';

/** Holt's linear trend model after the last valid point (times in Unix ms). */
export interface HoltLinearState {
  level: number;
  /** Per step. */
  trend: number;
  step: number;
  /** Time of the last valid point. */
  last: number;
  /** sqrt(π/2)·(EW mean |residual|): the one-step standard deviation before the resolution floor. */
  sd: number;
  /** The residuals span the spread's warm-up (halfLife steps, at least 2 residuals). */
  warm: boolean;
  floor: (e: number) => number;
}

export interface HoltLinearOptions {
  /** Level and trend smoothing, holt_winters' meaning: level += alpha·e, trend += alpha·beta·e. */
  alpha: number;
  beta: number;
  /** Steps in each of the two initialisation windows. */
  window: number;
  /** Half-life of the residual spread, in steps of time. */
  halfLife: number;
}

/**
 * Holt's linear trend (additive level and trend, no season; the point forecasts of ETS(A,A,N)) run over a series in
 * time, as holt_winters runs without its season:
 *
 *   S = the series step (step.ts, frozen at initialisation); for a valid point x at t, Δ = (t − t_prev)/S:
 *   base = l + b·Δ,  e = x − base,  l ← base + alpha·ẽ,  b ← b + alpha·beta·ẽ
 *
 * with ẽ the residual clipped to ±3 spreads once the spread is warm (one outlier moves the level and trend by a
 * bounded amount). Initialisation once a valid point lies 2·window steps after the first valid point f: l = the mean
 * of the valid points in [t_f, t_f + window·S), b = (mean of [t_f + window·S, t_f + 2·window·S) − l)/window, the
 * states one step before f; the recursion then runs over those points (no residuals) and on. The spread is
 * sqrt(π/2)·(mean of |e| with weights halving every halfLife steps of time), warm once the residuals span halfLife
 * steps. After a gap longer than the initialisation span the model starts again. Returns undefined until initialised.
 */
export function runHoltLinear(series: Series, o: HoltLinearOptions): HoltLinearState | undefined {
  const { t, v } = series;
  const minResiduals = Math.max(2, Math.ceil(o.halfLife));
  const steps = new StepEstimate();
  const res = new Resolution();
  let first = -1;
  let S = 0;
  let level = 0;
  let trend = 0;
  let last = 0;
  const spread = new ResidualSpread(o.halfLife, minResiduals);
  const update = (i: number, score: boolean): void => {
    const base = level + trend * ((t[i] - last) / S);
    last = t[i];
    let e = v[i] - base;
    if (score) {
      let size = Math.abs(e);
      if (spread.warm(t[i], S)) {
        const floor = res.floor(base);
        const sd = spread.sd();
        const c = CLIP_SPREADS * (sd > floor ? sd : floor);
        size = size < c ? size : c;
        e = e < -c ? -c : e > c ? c : e;
      }
      spread.add(t[i], size, S);
    }
    level = base + o.alpha * e;
    trend = trend + o.alpha * o.beta * e;
  };
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) {
      continue;
    }
    const step = steps.add(t[i]);
    if (S > 0 && t[i] - last > 2 * o.window * S) {
      S = 0; // a gap longer than the initialisation span: start again from this point
      first = -1;
      spread.reset();
    }
    if (S > 0) {
      update(i, true);
      res.add(v[i]);
      continue;
    }
    if (first < 0) {
      first = i;
    }
    if (!(step > 0 && t[i] - t[first] >= 2 * o.window * step)) {
      res.add(v[i]);
      continue;
    }
    S = step;
    const means = spanMeans(t, v, first, i, o.window * S);
    level = means.first;
    trend = (means.second - level) / o.window;
    last = t[first] - S;
    for (let j = first; j < i; j++) {
      if (!Number.isNaN(v[j])) {
        update(j, false);
      }
    }
    update(i, true);
    res.add(v[i]);
  }
  if (S === 0) {
    return undefined;
  }
  return {
    level,
    trend,
    step: S,
    last,
    sd: spread.sd(),
    warm: spread.warm(last, S),
    floor: (e) => res.floor(e),
  };
}
