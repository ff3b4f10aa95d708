import { TimedMax } from './ensemble_history';
import { CLIP_SPREADS } from './zscore';

/** CUSUM reference value κ, in spreads: shifts of about 2κ spreads are the ones it is tuned to (Page 1954). */
export const CUSUM_K = 1;
/** The lowest CUSUM threshold h, in spreads (with κ = 1 about 10^7 points between false alarms on white noise). */
export const CUSUM_H = 8;
/** Residuals enter the lasting statistics clipped to this many spreads (a spike is the point layer's job). */
export const Z_CLIP = 4;
/** Half-life, in steps, of the mean squared residual of the variance test. */
export const VARIANCE_HALF_LIFE = 10;
/** The lowest threshold of the variance test: the mean squared residual at 6 (spread × 2.4). */
export const VARIANCE_MIN = 6;
/** Release of a shift: a CUSUM of (κ − z·direction) reaching this many spreads says the shift has ended. */
export const RELEASE_H = 3;
/** Consecutive exact repeats of a value that make a flat line, in a metric that rarely repeats itself. */
export const FLAT_TIES = 3;
/** A metric "rarely repeats itself" when fewer than this share of its consecutive samples are equal ... */
export const FLAT_TIE_RATE = 0.01;
/** ... learnt with this weight per sample (about the last thousand samples) ... */
export const TIE_RATE_WEIGHT = 0.001;
/** ... and when its usual spread is at least this many times what the data resolves (resolution.ts). */
export const FLAT_NOISE = 10;
/** The point after a point alarm confirms a lasting deviation when it too is this many spreads off on its side. */
export const HOLD_Z = 2;
/** The least score of a point held flagged by a lasting deviation. */
export const HELD_SCORE = 1.5;
/** The seasonal swing's gain stays within [GAIN_MIN, GAIN_MAX]: a day may be four times quieter or livelier. */
export const GAIN_MIN = 0.25;
export const GAIN_MAX = 4;

type AlarmKind = 'point' | 'up' | 'down' | 'variance' | 'flat';

/**
 * The lasting-deviation layer of the ensemble (issue 9): it judges each point's residual from a reference
 * (the seasonal profile, or the level) plus a level offset, z = (x − e) / s_ref with
 * e = e_ref + (b − 1)·(e_ref − m) + offset, and holds the flag while a deviation lasts. m is the seasonal
 * profile's mean over its phases and b the gain of the season's swing around it (1 for the level reference, which
 * has no swing): a quieter day (a weekend) has both a lower level and a smaller daily swing, x ≈ m + b·(e_ref − m)
 * + offset with b < 1, which a level offset alone follows only with a lag of about its half-life at every hour.
 *
 * Statistics (z clipped to ±Z_CLIP):
 * - shift: CUSUM S⁺ = max(0, S⁺ + z − κ), S⁻ = max(0, S⁻ − z − κ) (Page 1954), for level shifts, drifts,
 *   leaks, seasonal breaks and saturation (values held below where they would be);
 * - variance: V = exponentially weighted mean of z² (half-life VARIANCE_HALF_LIFE steps), for variance changes;
 * - flat line: FLAT_TIES consecutive exact repeats in a metric that rarely repeats (tie rate < 1 %) and is
 *   normally noisy (spread ≥ 10 × its resolution): a stuck exporter. (Repeats of Prometheus' lookback never get
 *   here: they are one sample, samples.ts.)
 * Calibration ("a new record", as the point layer): an alarm needs S > h = max(CUSUM_H, sensitivity·g·max of S in
 * the history window), V > max(VARIANCE_MIN, sensitivity·g·max V), with g the short-history growth factor of
 * ensemble_engine.ts; values enter the histories clipped at their thresholds.
 *
 * Alarm, hold and release: an alarm starts on a point anomaly or a lasting statistic. It holds while the deviation
 * persists (the reference level is held at its onset value meanwhile): a shift until a release CUSUM
 * R = max(0, R + κ − z·direction) reaches RELEASE_H (the residual is back near the reference for a few points),
 * a point alarm as a shift once the point after it confirms it (that point too ≥ HOLD_Z spreads off on its side;
 * otherwise the alarm ends there: a lone spike stays one point, while a lasting deviation that began with a
 * point anomaly is not dropped at the first noisy point below HOLD_Z), a variance
 * alarm while V > h_V/2, a flat line while the value repeats (a point alarm becomes a shift or variance alarm when
 * those fire). After `adaptAfter` the deviation is accepted as the new normal: the offset takes the current
 * residual (a new level), the spread the new variance, a flat line is let be; the alarm ends. While an alarm lasts
 * the reference does not learn (it stays alert); otherwise the offset and the gain follow the residual r (clipped
 * at 3 spreads: robust) with the weight w of a half-life of adaptAfter: offset ← offset + w·r and, by normalised
 * least mean squares (Widrow & Hoff 1960), b ← b + 2·w·r·u / (u² + max(U², s²)) with u = e_ref − m and U² the
 * profile's variance over its phases, b kept within [GAIN_MIN, GAIN_MAX]. At a typical swing (u = U) the gain
 * moves the expected value by w·r, as the offset does; normalising by u² alone would let a point near the mean
 * (u ≈ s) swing b by w·r/(2s), which a coarse step (w large) turns into errors of many spreads at the peak.
 * So level and swing changes between seasons (a quieter weekend) are followed at the pace the user chose to
 * accept changes. After a gap longer than adaptAfter the offset and the statistics
 * start afresh (the recent past is what happened recently in time).
 */
export class Sustained {
  private sp = 0;
  private sn = 0;
  private variance = 1;
  private release = 0;
  private offset = 0;
  private gain = 1;
  private spreadScale = 1;
  private alarm = false;
  private onset = 0;
  private kind: AlarmKind = 'point';
  private direction = 1;
  private lastT = NaN;
  private lastX = NaN;
  private ties = 0;
  private tieRate = 0;
  private lastRatio = NaN;
  private onsetE = NaN;
  private confirmed = false;
  private onsetS = NaN;
  private varianceWeight = 0;
  private offsetWeight = 0;
  private readonly shiftHistory = new TimedMax();
  private readonly varianceHistory = new TimedMax();
  /** The reference expected value and spread at the last point judged. */
  expected = NaN;
  spread = NaN;

  constructor(
    private readonly adaptMs: number,
    private readonly sensitivity: number
  ) {}

  /**
   * Judges point (t, x) against the reference (baseE, baseS); returns whether the point is held flagged.
   * pointAnomaly: the point layer's decision; floor: the data's resolution at x; grow: the short-history factor;
   * cutoff: the start of the calibration window; level: the reference is a level that learns from every point
   * (the EWMA), so during an alarm it is held at its value at the onset (a seasonal profile learns across seasons
   * and keeps following the time of day); center, swing: the seasonal profile's mean m and variance U² over its
   * phases (NaN for the level reference).
   */
  step(
    t: number,
    x: number,
    baseE: number,
    baseS: number,
    pointAnomaly: boolean,
    floor: number,
    stepMs: number,
    cutoff: number,
    grow: number,
    level: boolean,
    center: number,
    swing: number
  ): boolean {
    if (t - this.lastT > this.adaptMs && this.adaptMs > 0) {
      // A gap longer than the adaptation time: the offset, gain and statistics describe a past that is no longer
      // recent; start them afresh (the calibration histories stay).
      this.sp = this.sn = this.release = this.offset = 0;
      this.variance = this.spreadScale = this.gain = 1;
      this.alarm = false;
    }
    const ratio = Number.isNaN(this.lastT) ? 1 : (t - this.lastT) / stepMs;
    const tie = x === this.lastX;
    this.ties = tie ? this.ties + 1 : 0;
    this.lastT = t;
    this.lastX = x;
    if (Number.isNaN(baseE) || !(baseS > 0)) {
      return false;
    }
    if (this.alarm && level) {
      baseE = this.onsetE;
      baseS = this.onsetS;
    }
    if (ratio !== this.lastRatio) {
      // Weights of a point Δt after the previous one (recomputed only when the spacing changes).
      this.lastRatio = ratio;
      this.varianceWeight = -Math.expm1((-Math.LN2 * ratio) / VARIANCE_HALF_LIFE);
      this.offsetWeight = this.adaptMs > 0 ? -Math.expm1((-Math.LN2 * ratio * stepMs) / this.adaptMs) : 1;
    }
    const u = Number.isNaN(center) ? 0 : baseE - center;
    const e = baseE + (this.gain - 1) * u + this.offset;
    const s = Math.max(baseS * this.spreadScale, floor);
    this.expected = e;
    this.spread = s;
    const z = (x - e) / s;
    const zc = z > Z_CLIP ? Z_CLIP : z < -Z_CLIP ? -Z_CLIP : z;
    this.sp = Math.max(0, this.sp + zc - CUSUM_K);
    this.sn = Math.max(0, this.sn - zc - CUSUM_K);
    this.variance += this.varianceWeight * (zc * zc - this.variance);
    const flat = this.ties >= FLAT_TIES && this.tieRate < FLAT_TIE_RATE && baseS >= FLAT_NOISE * floor;
    this.tieRate += TIE_RATE_WEIGHT * ((tie ? 1 : 0) - this.tieRate);

    this.shiftHistory.evictBefore(cutoff);
    this.varianceHistory.evictBefore(cutoff);
    const hShift = Math.max(CUSUM_H, this.sensitivity * grow * this.shiftHistory.max());
    const hVariance = Math.max(VARIANCE_MIN, this.sensitivity * grow * this.varianceHistory.max());
    const shift = this.sp > this.sn ? this.sp : this.sn;
    this.shiftHistory.push(t, shift < hShift ? shift : hShift);
    this.varianceHistory.push(t, this.variance < hVariance ? this.variance : hVariance);

    if (!this.alarm) {
      const kind: AlarmKind | undefined =
        this.sp > hShift
          ? 'up'
          : this.sn > hShift
            ? 'down'
            : this.variance > hVariance
              ? 'variance'
              : flat
                ? 'flat'
                : pointAnomaly
                  ? 'point'
                  : undefined;
      if (kind === undefined) {
        // Learn the level offset and the swing's gain from the residual (robust: clipped to 3 spreads).
        const r = x - e;
        const c = CLIP_SPREADS * s;
        const wr = this.offsetWeight * (r < -c ? -c : r > c ? c : r);
        this.offset += wr;
        if (u !== 0) {
          const b = this.gain + (2 * wr * u) / (u * u + Math.max(swing, s * s));
          this.gain = b < GAIN_MIN ? GAIN_MIN : b > GAIN_MAX ? GAIN_MAX : b;
        }
        return false;
      }
      this.alarm = true;
      this.kind = kind;
      this.onsetE = baseE;
      this.onsetS = baseS;
      this.direction = kind === 'down' || (kind !== 'up' && z < 0) ? -1 : 1;
      this.onset = t;
      this.release = 0;
      this.confirmed = false;
    }
    let persists = pointAnomaly;
    switch (this.kind) {
      case 'up':
      case 'down':
        this.release = Math.max(0, this.release + CUSUM_K - this.direction * zc);
        persists ||= this.release < RELEASE_H;
        break;
      case 'variance':
        persists ||= this.variance > hVariance / 2;
        break;
      case 'flat':
        persists ||= tie;
        break;
      case 'point':
        if ((this.direction > 0 ? this.sp : this.sn) > hShift) {
          this.kind = this.direction > 0 ? 'up' : 'down';
          persists = true;
        } else if (this.variance > hVariance) {
          this.kind = 'variance';
          persists = true;
        } else if (this.confirmed) {
          this.release = Math.max(0, this.release + CUSUM_K - this.direction * zc);
          persists ||= this.release < RELEASE_H;
        } else if (t !== this.onset) {
          // The point after the onset confirms a lasting deviation when it too is HOLD_Z spreads off on its side.
          this.confirmed = this.direction * z >= HOLD_Z;
          persists ||= this.confirmed;
        }
        break;
    }
    if (!persists) {
      this.end(false, x - e);
      return false;
    }
    if (t - this.onset >= this.adaptMs) {
      this.end(true, x - e);
      return pointAnomaly;
    }
    return true;
  }

  /** Ends the alarm; with adapt, the deviation becomes the new normal. */
  private end(adapt: boolean, residual: number): void {
    this.alarm = false;
    this.release = 0;
    if (adapt || this.kind === 'up' || this.kind === 'down') {
      this.sp = 0;
      this.sn = 0;
    }
    if (!adapt) {
      return;
    }
    if (this.kind === 'up' || this.kind === 'down' || this.kind === 'point') {
      this.offset += residual;
    } else if (this.kind === 'variance') {
      this.spreadScale *= Math.sqrt(Math.max(1, this.variance));
    } else {
      this.tieRate = 1;
    }
    this.variance = 1;
  }
}
