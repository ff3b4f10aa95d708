import { QueryResult } from './run';

/**
 * `--fit-check`: does the chosen detector and its parameters behave the same on data it has not seen? The
 * overfitting check isolation-forest exporters run, done for every detector: the scored history (training
 * window + range) of each series is split into K consecutive time folds; for k = 1 … K−1 the scores of folds
 * 0 … k−1 (the "training part") and of fold k (held out) are put in histograms over fixed score bins, and
 * KL(held-out ‖ training) = Σ p_h · ln(p_h / p_t) measures how far the held-out distribution drifts (counts get
 * +0.5 each so empty bins do not give infinities). Our detectors are causal: a fold's scores depend only on
 * the past, so this asks whether the score distribution — and so the anomaly rate — is stable over time.
 *
 * Verdict per series, from the largest KL over the folds: ≤ 0.1 generalises, ≤ 0.5 borderline, else does not
 * generalise (the thresholds are rules of thumb: KL 0.1 is about a 10% shift of mass between bins).
 */
export const SCORE_BINS = [0, 0.5, 1, 1.5, 2, 3, 5, Infinity];
export const GENERALISES = 0.1;
export const BORDERLINE = 0.5;

export type Verdict = 'generalises' | 'borderline' | 'does not generalise' | 'too little data';

export interface FitResult {
  refId: string;
  series: string;
  detector: string;
  /** KL divergence of each held-out fold (folds 1 … K−1) against the folds before it. */
  kl: number[];
  maxKl: number;
  /** Share of anomalous points in the training part (folds 0 … K−2) and in the last fold. */
  anomalyRateTrain: number;
  anomalyRateHeldOut: number;
  scored: number;
  verdict: Verdict;
}

/** Runs the check on every series of the results. `folds` is K (2 … 20). */
export function fitCheck(results: QueryResult[], folds: number): FitResult[] {
  const out: FitResult[] = [];
  for (const r of results) {
    for (const s of r.series) {
      const scores: number[] = [];
      const flags: number[] = [];
      for (let i = 0; i < s.v.length; i++) {
        const x = s.score ? s.score[i] : NaN;
        if (Number.isFinite(x) && !Number.isNaN(s.v[i])) {
          scores.push(x);
          flags.push(s.anomaly?.[i] ? 1 : 0);
        }
      }
      const base = { refId: r.spec.refId, series: s.name, detector: r.spec.detector, scored: scores.length };
      if (scores.length < folds * 10) {
        out.push({
          ...base,
          kl: [],
          maxKl: NaN,
          anomalyRateTrain: NaN,
          anomalyRateHeldOut: NaN,
          verdict: 'too little data',
        });
        continue;
      }
      const size = Math.floor(scores.length / folds);
      const fold = (k: number) => scores.slice(k * size, k === folds - 1 ? scores.length : (k + 1) * size);
      const kl: number[] = [];
      for (let k = 1; k < folds; k++) {
        kl.push(klDivergence(histogram(fold(k)), histogram(scores.slice(0, k * size))));
      }
      const maxKl = Math.max(...kl);
      const last = (folds - 1) * size;
      out.push({
        ...base,
        kl,
        maxKl,
        anomalyRateTrain: mean(flags.slice(0, last)),
        anomalyRateHeldOut: mean(flags.slice(last)),
        verdict: maxKl <= GENERALISES ? 'generalises' : maxKl <= BORDERLINE ? 'borderline' : 'does not generalise',
      });
    }
  }
  return out;
}

/** Counts of scores per SCORE_BINS interval [lo, hi). */
export function histogram(scores: number[]): number[] {
  const counts = new Array(SCORE_BINS.length - 1).fill(0);
  for (const s of scores) {
    const bin = SCORE_BINS.findIndex((lo, i) => i < SCORE_BINS.length - 1 && s >= lo && s < SCORE_BINS[i + 1]);
    if (bin >= 0) {
      counts[bin]++;
    }
  }
  return counts;
}

/** KL(p ‖ q) in nats of two histograms, each count +0.5 (Jeffreys smoothing) before normalising. */
export function klDivergence(p: number[], q: number[]): number {
  const ps = p.map((c) => c + 0.5);
  const qs = q.map((c) => c + 0.5);
  const sp = ps.reduce((a, b) => a + b, 0);
  const sq = qs.reduce((a, b) => a + b, 0);
  let kl = 0;
  for (let i = 0; i < ps.length; i++) {
    const a = ps[i] / sp;
    const b = qs[i] / sq;
    kl += a * Math.log(a / b);
  }
  return kl;
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** The fit-check as Markdown: one row per series, then what the verdicts mean. */
export function fitCheckMarkdown(results: FitResult[], folds: number): string {
  const lines = [
    '# Vigil fit check',
    '',
    `${folds} time folds per series; KL divergence of each held-out fold's score histogram from the folds before it.`,
    '',
    '| Query | Series | Detector | Scored points | Max KL | KL per fold | Anomaly rate (train → held out) | Verdict |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : '—');
    lines.push(
      `| ${r.refId} | ${r.series.replace(/\|/g, '\\|')} | ${r.detector} | ${r.scored} | ${Number.isFinite(r.maxKl) ? r.maxKl.toFixed(3) : '—'} | ` +
        `${r.kl.map((k) => k.toFixed(3)).join(', ') || '—'} | ${pct(r.anomalyRateTrain)} → ${pct(r.anomalyRateHeldOut)} | ${r.verdict} |`
    );
  }
  lines.push(
    '',
    `Verdicts: max KL ≤ ${GENERALISES} generalises; ≤ ${BORDERLINE} borderline; above, the score distribution of unseen ` +
      'data differs: retune the parameters (sensitivity, window) or choose another detector. "Too little data": fewer ' +
      'than 10 scored points per fold; widen --range or --training-window.'
  );
  return lines.join('\n') + '\n';
}
