import { Resolution } from './resolution';
import { StepEstimate } from './step';
import { ZoneClock } from './timezone';
import { Series } from './types';
import { CLIP_SPREADS } from './zscore';
import { MEAN_ABS_TO_STD } from './residual_spread';

/** A phase's profile averages its visits with weights that halve every 2 seasons (after its first ones). */
export const PROFILE_HALF_LIFE_SEASONS = 2;

/** Phases on each side averaged into a point's expected value and spread: ±10 minutes of the season. */
export const PROFILE_SMOOTHING_MS = 600_000;

/**
 * The most phases a profile keeps (about 40 MB of state): a finer step shares a phase with its neighbours (a season
 * of 31 days at steps under 2.6 s, a day at steps under 83 ms) instead of exhausting memory.
 */
export const MAX_PHASES = 1 << 20;

/** A component's expected value and spread per point (NaN where it has none). */
export interface ComponentBand {
  expected: Float64Array;
  spread: Float64Array;
}

/** The seasonal profile's band, with the profile's mean and variance over its visited phases at each point. */
export interface SeasonalBand extends ComponentBand {
  /** The season's level: the mean of the phases' values. */
  mean: Float64Array;
  /** The season's swing: the mean squared deviation of the phases' values from their mean. */
  swing: Float64Array;
}

/**
 * The seasonal profile: what the series usually does at this time of the season (time of day, of week), learnt
 * across seasons, in O(1) amortised per point.
 *
 * Phases are buckets of one step S (step.ts; at least ceil(P / MAX_PHASES) ms) on the wall clock of the time zone
 * (timezone.ts): phase(t) = floor((local(t) mod P) / S), P/S phases. Each phase keeps a value V and a mean absolute residual A, updated at
 * each visit with weight w = max(1/visits, 1 − 2^(−1/2)): a plain mean over its first visits, then an exponential
 * average whose weights halve every PROFILE_HALF_LIFE_SEASONS seasons. With h = min(round(10 min / S),
 * floor((phases − 1)/2)) (neighbouring phases smooth the few values each phase has):
 *   expected_i = mean of V over the phases within ±h of phase(t_i) visited before,
 *   spread_i   = max(sqrt(π/2) · mean of A over the phases within ±h holding residuals, floor(expected_i))
 *                (resolution.ts),
 * then the point is learnt: r = x − expected_i, A ← A + w·(min(|r|, 3·spread) − A), V ← V + w·clip(x − V) with the
 * residual clipped to 3 spreads (robust: a single outlier moves a phase by at most 3·w spreads; not clipped while
 * the point has no band). With the band, mean_i and swing_i are the mean and the variance of V over every phase
 * visited so far: the season's level and the mean square of its swing, which ensemble_sustained.ts scales. A point gets a band when its own phase was visited more than P/2 earlier (in an earlier
 * season) and the phases within ±h hold at least 2h + 1 residuals. The window sums slide with the phase (and
 * are recomputed at each new season and after a jump). Until the step estimate is final (31 gaps) the profile is
 * rebuilt from the earlier points whenever it changes, so it always is the profile of the points so far at the
 * current step.
 */
export function seasonalProfile(series: Series, periodMs: number, timezone: string): SeasonalBand {
  const { t, v } = series;
  const n = v.length;
  const out: SeasonalBand = {
    expected: new Float64Array(n).fill(NaN),
    spread: new Float64Array(n).fill(NaN),
    mean: new Float64Array(n).fill(NaN),
    swing: new Float64Array(n).fill(NaN),
  };
  const clock = new ZoneClock(timezone);
  const steps = new StepEstimate();
  const res = new Resolution();
  let profile: Profile | undefined;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      continue;
    }
    if (first < 0) {
      first = i;
    }
    const step = steps.add(t[i]);
    if (step > 0 && (!profile || profile.step !== step)) {
      profile = new Profile(periodMs, step, clock);
      for (let j = first; j < i; j++) {
        if (!Number.isNaN(v[j])) {
          profile.visit(t[j]);
          profile.learn(v[j], NaN);
        }
      }
    }
    if (profile) {
      profile.visit(t[i]);
      let spread = NaN;
      if (profile.ready) {
        const floor = res.floor(profile.expected);
        spread = profile.spread > floor ? profile.spread : floor;
        out.expected[i] = profile.expected;
        out.spread[i] = spread;
        const d = profile.totalD / profile.phasesV;
        out.mean[i] = profile.origin + d;
        out.swing[i] = Math.max(0, profile.totalD2 / profile.phasesV - d * d);
      }
      profile.learn(x, spread);
    }
    res.add(x);
  }
  return out;
}

/** Per-phase state of seasonalProfile, with the sums over the window of phases around the current one. */
class Profile {
  private readonly phases: number;
  private readonly h: number;
  private readonly decay = -Math.expm1(-Math.LN2 / PROFILE_HALF_LIFE_SEASONS);
  private readonly value: Float64Array;
  private readonly absResidual: Float64Array;
  private readonly visits: Int32Array;
  private readonly residuals: Int32Array;
  private readonly lastVisit: Float64Array;
  private phase = -1;
  // Sums over the window: V of visited phases, A of phases with residuals, and the counts.
  private sumV = 0;
  private nV = 0;
  private sumA = 0;
  private nA = 0;
  private residualCount = 0;
  /** Over every visited phase: the sums of V − origin and of its square (origin: the first value learnt, so the
   * sums stay small next to a large level), and the number of phases. */
  origin = NaN;
  totalD = 0;
  totalD2 = 0;
  phasesV = 0;
  /** After visit(): the expected value and spread at the visited point, and whether the point gets them. */
  expected = NaN;
  spread = NaN;
  ready = false;

  /** The phase width in ms: the step, or wider when the season would have more than MAX_PHASES phases. */
  private readonly bucket: number;

  constructor(
    private readonly periodMs: number,
    readonly step: number,
    private readonly clock: ZoneClock
  ) {
    const bucket = Math.max(step, Math.ceil(periodMs / MAX_PHASES));
    this.bucket = bucket;
    this.phases = Math.max(1, Math.ceil(periodMs / bucket));
    this.h = Math.min(Math.round(PROFILE_SMOOTHING_MS / bucket), Math.floor((this.phases - 1) / 2));
    this.value = new Float64Array(this.phases);
    this.absResidual = new Float64Array(this.phases);
    this.visits = new Int32Array(this.phases);
    this.residuals = new Int32Array(this.phases);
    this.lastVisit = new Float64Array(this.phases).fill(-Infinity);
  }

  /** Locates the point's phase and reads its expected value and spread (before learning from it). */
  visit(t: number): void {
    const P = this.periodMs;
    const local = this.clock.local(t) % P;
    let q = Math.floor((local < 0 ? local + P : local) / this.bucket);
    q = q < this.phases ? q : this.phases - 1;
    const next = this.phase + 1 === this.phases ? 0 : this.phase + 1;
    if (this.phase >= 0 && q === next && q !== 0) {
      this.slide(q);
    } else {
      this.recompute(q);
    }
    this.phase = q;
    this.expected = this.nV > 0 ? this.sumV / this.nV : NaN;
    this.spread = this.nA > 0 ? (MEAN_ABS_TO_STD * this.sumA) / this.nA : NaN;
    this.ready = t - this.lastVisit[q] > P / 2 && this.nV > 0 && this.residualCount >= 2 * this.h + 1;
    this.lastVisit[q] = t;
  }

  /** Learns the visited point (clipped to 3 spreads when it has a spread). */
  learn(x: number, spread: number): void {
    const k = this.phase;
    const c = CLIP_SPREADS * spread;
    if (this.visits[k] > 0 && !Number.isNaN(this.expected)) {
      let r = Math.abs(x - this.expected);
      r = r > c ? c : r; // NaN spread: c is NaN and r stays as it is
      const w = Math.max(1 / (this.residuals[k] + 1), this.decay);
      const before = this.absResidual[k];
      this.absResidual[k] = before + w * (r - before);
      if (this.residuals[k] === 0) {
        this.sumA += this.absResidual[k];
        this.nA++;
      } else {
        this.sumA += this.absResidual[k] - before;
      }
      this.residuals[k]++;
      this.residualCount++;
    }
    if (this.visits[k] === 0) {
      this.value[k] = x;
      this.sumV += x;
      this.nV++;
      if (this.phasesV === 0) {
        this.origin = x;
      }
      this.totalD += x - this.origin;
      this.totalD2 += (x - this.origin) * (x - this.origin);
      this.phasesV++;
    } else {
      let d = x - this.value[k];
      d = d < -c ? -c : d > c ? c : d;
      const w = Math.max(1 / (this.visits[k] + 1), this.decay);
      const before = this.value[k] - this.origin;
      this.value[k] += w * d;
      this.sumV += w * d;
      const after = this.value[k] - this.origin;
      this.totalD += after - before;
      this.totalD2 += after * after - before * before;
    }
    this.visits[k]++;
  }

  private slide(q: number): void {
    const leaving = this.wrap(q - this.h - 1);
    const entering = this.wrap(q + this.h);
    this.remove(leaving);
    this.add(entering);
  }

  private recompute(q: number): void {
    this.sumV = 0;
    this.nV = 0;
    this.sumA = 0;
    this.nA = 0;
    this.residualCount = 0;
    for (let p = q - this.h; p <= q + this.h; p++) {
      this.add(this.wrap(p));
    }
  }

  private add(k: number): void {
    if (this.visits[k] > 0) {
      this.sumV += this.value[k];
      this.nV++;
    }
    if (this.residuals[k] > 0) {
      this.sumA += this.absResidual[k];
      this.nA++;
      this.residualCount += this.residuals[k];
    }
  }

  private remove(k: number): void {
    if (this.visits[k] > 0) {
      this.sumV -= this.value[k];
      this.nV--;
    }
    if (this.residuals[k] > 0) {
      this.sumA -= this.absResidual[k];
      this.nA--;
      this.residualCount -= this.residuals[k];
    }
  }

  private wrap(p: number): number {
    return ((p % this.phases) + this.phases) % this.phases;
  }
}
