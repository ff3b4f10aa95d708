import { Profile } from './profiles';
import { optimiseThreshold, ScoredFile } from './score';

/**
 * NAB's two reference points for a set of files under a profile (nab.md 2.7):
 * - null: the raw score of a detector that outputs 0.5 everywhere, put through the same threshold optimisation
 *   (it ends up detecting nothing, so this is −fnWeight per scorable window);
 * - perfect: tpWeight per window listed, probation or not (a detection on every window's first row).
 */
export function baselines(files: readonly ScoredFile[], profile: Profile): { nullScore: number; perfect: number } {
  const constant = files.map((f) => ({ ...f, scores: new Float64Array(f.scores.length).fill(0.5) }));
  const nullScore = optimiseThreshold(constant, profile).score;
  const perfect = profile.tpWeight * files.reduce((n, f) => n + f.windows.length, 0);
  return { nullScore, perfect };
}

/** 100·(S − S_null)/(S_perfect − S_null): 0 = never fires, 100 = perfect. */
export function normalise(raw: number, base: { nullScore: number; perfect: number }): number {
  return (100 * (raw - base.nullScore)) / (base.perfect - base.nullScore);
}
